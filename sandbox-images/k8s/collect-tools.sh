#!/bin/bash
# Copies interactive tools (bash, vim, less...) with every shared library they load into OUT_DIR, laid out as a
# root filesystem overlay. The k3s image is FROM scratch with a static busybox and no libc, so dynamically linked
# Debian binaries need their glibc beside them; nothing in the k3s image is overwritten (it has no /lib/x86_64-linux-gnu).
#
#   collect-tools.sh OUT_DIR BINARY...
set -euo pipefail
out=${1:?usage: collect-tools.sh OUT_DIR BINARY...}
shift

copy() {  # copy a path, keeping symlinks as symlinks and copying their targets too
  local src=$1
  [[ -e $src || -L $src ]] || return 0
  [[ -e $out$src || -L $out$src ]] && return 0
  mkdir -p "$out$(dirname "$src")"
  cp -a "$src" "$out$src"
  if [[ -L $src ]]; then
    # Follow one link at a time, by the path it names (e.g. /lib64/ld-linux-x86-64.so.2 ->
    # /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2): Debian's /lib is itself a link to /usr/lib, the k3s image's is not.
    local target
    target=$(readlink "$src")
    [[ $target == /* ]] || target=$(dirname "$src")/$target
    copy "$target"
  fi
}

for bin in "$@"; do
  path=$(command -v "$bin")
  copy "$path"
  real=$(readlink -f "$path")
  # ldd lines: "libx.so => /lib/.../libx.so (0x...)" and the loader "/lib64/ld-linux-x86-64.so.2 (0x...)"
  ldd "$real" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do copy "$lib"; done
done
