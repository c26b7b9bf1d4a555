#!/usr/bin/env bash
# Bootstraps a Debian bookworm root filesystem with mmdebstrap from THIS machine's apt sources and imports it
# as a Docker image. Used by build.sh when the Dockerfiles' default base (debian:bookworm) cannot be pulled
# because no container registry is reachable: Debian's package mirror is, so we make the base ourselves.
#
#   sandbox-images/base/bootstrap.sh [--force] [TAG]      (TAG default: playground/base:bookworm)
#
# An existing TAG made from the same apt sources by the same recipe (mmdebstrap and import arguments) is kept as
# it is, whichever checkout made it: its label playground.base-recipe holds the hash of both, and nothing is
# bootstrapped or imported when it equals this run's. (An image from before that label, which this script made:
# its rootfs-sha256 label, is kept when its own /etc/apt/sources.list, written by mmdebstrap, names the same
# sources; the recipe had not changed until the label came.) mmdebstrap's output is not byte-reproducible, so a
# re-bootstrap would give a new image id and every sandbox image built FROM it would be rebuilt.
# The rootfs tarball is cached under .data/base/ keyed the same way, so a rebuild in one checkout neither
# re-downloads nor re-imports anything. No mirror host is written here: the URIs are read from
# /etc/apt/sources.list.d/*.sources (deb822) and /etc/apt/sources.list at run time.
set -euo pipefail

suite=bookworm
force=false
tag=playground/base:bookworm
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) tag=$arg ;;
  esac
done

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cache_dir="$repo_root/.data/base"
mkdir -p "$cache_dir"

log() { echo "base: $*" >&2; }

# Prints one-line apt entries ("deb URI SUITE COMPONENTS") for the $suite family (bookworm, bookworm-updates,
# bookworm-security) found in the machine's apt configuration. Other repositories (third-party, disabled) are
# ignored: the sandbox images must only ever see Debian.
apt_entries() {
  local f
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    awk -v want="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            if (s[j] == want || index(s[j], want "-") == 1) print "deb " u[i] " " s[j] " " (comps == "" ? "main" : comps)
        }
        types = ""; uris = ""; suites = ""; comps = ""; enabled = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^[[:space:]]+/, "")
        if (key == "types") types = $0
        else if (key == "uris") uris = $0
        else if (key == "suites") suites = $0
        else if (key == "components") comps = $0
        else if (key == "enabled") enabled = tolower($0)
      }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # "deb [opts] URI SUITE COMP..." -> drop the [opts] (the keyring inside the rootfs is Debian's own).
    sed -E -n 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//p' "$f" |
      awk -v want="$suite" '($2 == want || index($2, want "-") == 1) { printf "deb %s %s", $1, $2; for (i = 3; i <= NF; i++) printf " %s", $i; print "" }'
  done
}

# Fallback when nothing names bookworm: the first URI of the Debian deb822 file, with the plain suite.
fallback_entry() {
  local f=/etc/apt/sources.list.d/debian.sources uri
  [[ -f $f ]] || return 1
  uri=$(awk 'tolower($1) == "uris:" { print $2; exit }' "$f")
  [[ -n $uri ]] || return 1
  echo "deb $uri $suite main"
}

mapfile -t entries < <(apt_entries | awk '!seen[$0]++')
if ((${#entries[@]} == 0)); then
  mapfile -t entries < <(fallback_entry || true)
fi
if ((${#entries[@]} == 0)); then
  log "no Debian $suite apt source found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; cannot bootstrap"
  exit 1
fi

# The recipe: every argument that shapes the rootfs and the image, besides the apt sources.
# minbase = what debian:bookworm ships (apt, dpkg, coreutils, bash). The apt options mirror the official
# image: no recommends (lean sandboxes), and dpkg/apt caches cleaned after every install.
recipe=(--variant=minbase --format=tar
  --aptopt='APT::Install-Recommends "false"'
  --aptopt='APT::Install-Suggests "false"'
  --aptopt='Acquire::Languages "none"'
  --customize-hook='echo "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };" > "$1/etc/apt/apt.conf.d/docker-clean"'
  --customize-hook='echo playground > "$1/etc/hostname"'
  --customize-hook='rm -f "$1/etc/resolv.conf" "$1/etc/machine-id"; : > "$1/etc/machine-id"')
changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'CMD ["bash"]'
  --change "LABEL org.opencontainers.image.description=\"Debian $suite minbase bootstrapped from the local apt mirror\"")
key=$(printf '%s\n' "$suite" "${entries[@]}" "${recipe[@]}" "${changes[@]}" | sha256sum | cut -c1-64)
tarball="$cache_dir/$suite-${key:0:16}.tar"

image_label() { docker image inspect -f "{{index .Config.Labels \"$1\"}}" "$tag" 2>/dev/null; }
if ! $force; then
  if [[ $(image_label playground.base-recipe) == "$key" ]]; then
    log "$tag is current (same apt sources and recipe)"
    exit 0
  fi
  if [[ -z $(image_label playground.base-recipe) && -n $(image_label playground.rootfs-sha256) ]] &&
     [[ $(docker run --rm --network none --entrypoint cat "$tag" /etc/apt/sources.list 2>/dev/null | sed '/^[[:space:]]*$/d') == "$(printf '%s\n' "${entries[@]}")" ]]; then
    log "$tag is current (made before the recipe label, from the same apt sources)"
    exit 0
  fi
fi

if ! command -v mmdebstrap >/dev/null; then
  log "installing mmdebstrap"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
fi

if $force || [[ ! -s $tarball ]]; then
  log "bootstrapping Debian $suite (minbase) from: $(printf '%s; ' "${entries[@]}")"
  rm -f "$cache_dir/$suite"-*.tar.partial
  keyring=()
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
  mmdebstrap --quiet "${keyring[@]}" "${recipe[@]}" "$suite" "$tarball.partial" "${entries[@]}"
  mv "$tarball.partial" "$tarball"
  find "$cache_dir" -name "$suite-*.tar" ! -name "$(basename "$tarball")" -delete
fi

sum=$(sha256sum "$tarball" | cut -c1-64)
log "importing $tag"
docker import "${changes[@]}" \
  --change "LABEL playground.rootfs-sha256=$sum" \
  --change "LABEL playground.base-recipe=$key" \
  "$tarball" "$tag" >/dev/null
log "imported $tag"
