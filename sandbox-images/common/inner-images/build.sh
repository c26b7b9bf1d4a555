#!/usr/bin/env bash
# Builds the images that sandboxes preload into their INNER container engine (Docker-in-Docker, k3s), as
# `docker save`-format archives, without a Docker engine and without a registry: each image is a few
# deterministic tar layers plus a JSON config. `docker load` and containerd's image import (k3s air-gap
# images) both read this format.
#
#   build.sh OUT_DIR        (needs: /bin/busybox from Debian's busybox-static, jq, sha256sum, GNU tar)
#
# Writes OUT_DIR/<name>.tar per image, and OUT_DIR/all.tar holding every image (the shared layer once) so an
# engine loads them all in one request.
#
# Images (every one shares the same busybox base layer, so the inner engine stores it once):
#   busybox:latest, busybox:<version>   the busybox userland, CMD sh (lessons: docker run busybox echo hi)
#   playground/hello:latest, :1         prints a friendly hello (like hello-world)
#   playground/web:latest, :1           busybox httpd serving "Hello from Playground" on port 80
set -euo pipefail

out=${1:?usage: build.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/all"
echo '[]' >"$work/all/manifest.json"

# A fixed timestamp keeps layers (and so image ids) identical across rebuilds of the same busybox package.
created=2025-01-01T00:00:00Z
epoch=1735689600
path_env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
busybox_version=$(/bin/busybox 2>&1 | sed -n 's/^BusyBox v\([0-9]*\.[0-9]*\).*/\1/p' | head -n1)

# Writes a deterministic layer tarball of directory $1 to $2 and prints its sha256.
make_layer() {
  tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu \
      -C "$1" -cf "$2" .
  sha256sum "$2" | cut -c1-64
}

# The shared base layer: a minimal busybox root filesystem, as in the well-known busybox image.
base=$work/base
mkdir -p "$base"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/www,home,dev,proc,sys}
chmod 1777 "$base/tmp"
chmod 700 "$base/root"
cp /bin/busybox "$base/bin/busybox"
/bin/busybox --list-full | while read -r applet; do
  [[ $applet == bin/busybox ]] && continue
  [[ -e $base/$applet ]] || ln -s /bin/busybox "$base/$applet"
done
cat >"$base/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
cat >"$base/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
GROUP
base_sha=$(make_layer "$base" "$work/base.tar")

# save_image NAME TAGS_JSON CONFIG_JSON [APP_DIR]: writes OUT_DIR/NAME.tar (base layer + optional app layer).
save_image() {
  local name=$1 tags=$2 config=$3 app=${4:-} dir=$work/img-$1 layers diff_ids config_sha
  mkdir -p "$dir/$base_sha"
  cp "$work/base.tar" "$dir/$base_sha/layer.tar"
  layers=$(jq -nc --arg b "$base_sha/layer.tar" '[$b]')
  diff_ids=$(jq -nc --arg b "sha256:$base_sha" '[$b]')
  local history
  history=$(jq -nc --arg c "$created" '[{created: $c, created_by: "busybox root filesystem (Debian busybox-static)"}]')
  if [[ -n $app ]]; then
    local app_sha
    app_sha=$(make_layer "$app" "$work/$name-app.tar")
    mkdir -p "$dir/$app_sha"
    mv "$work/$name-app.tar" "$dir/$app_sha/layer.tar"
    layers=$(jq -c --arg l "$app_sha/layer.tar" '. + [$l]' <<<"$layers")
    diff_ids=$(jq -c --arg d "sha256:$app_sha" '. + [$d]' <<<"$diff_ids")
    history=$(jq -c --arg c "$created" --arg n "$name" '. + [{created: $c, created_by: ("playground " + $n + " files")}]' <<<"$history")
  fi
  jq -n --arg created "$created" --argjson config "$config" --argjson diff_ids "$diff_ids" --argjson history "$history" \
    '{architecture: "amd64", os: "linux", created: $created, config: $config,
      rootfs: {type: "layers", diff_ids: $diff_ids}, history: $history}' >"$dir/config.json"
  config_sha=$(sha256sum "$dir/config.json" | cut -c1-64)
  mv "$dir/config.json" "$dir/$config_sha.json"
  jq -n --arg c "$config_sha.json" --argjson tags "$tags" --argjson layers "$layers" \
    '[{Config: $c, RepoTags: $tags, Layers: $layers}]' >"$dir/manifest.json"
  tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu -C "$dir" -cf "$out/$name.tar" .
  # The combined archive: blobs are content-addressed, so the shared layer is simply written once.
  jq -s '.[0] + .[1]' "$work/all/manifest.json" "$dir/manifest.json" >"$work/manifest.json"
  rm "$dir/manifest.json"
  cp -a "$dir"/. "$work/all/"
  mv "$work/manifest.json" "$work/all/manifest.json"
  echo "inner image $name: $(jq -r 'join(", ")' <<<"$tags") ($(du -h "$out/$name.tar" | cut -f1))"
}

save_image busybox \
  "$(jq -nc --arg v "busybox:$busybox_version" '["busybox:latest", $v]')" \
  "$(jq -nc --arg p "$path_env" '{Env: [$p], Cmd: ["sh"]}')"

hello=$work/hello-app
mkdir -p "$hello"
install -m 0755 "$here/hello.sh" "$hello/hello"
save_image hello '["playground/hello:latest", "playground/hello:1"]' \
  "$(jq -nc --arg p "$path_env" '{Env: [$p], Cmd: ["/hello"]}')" "$hello"

web=$work/web-app
mkdir -p "$web/var/www"
install -m 0644 "$here/index.html" "$web/var/www/index.html"
save_image web '["playground/web:latest", "playground/web:1"]' \
  "$(jq -nc --arg p "$path_env" '{Env: [$p], Cmd: ["httpd", "-f", "-v", "-p", "80", "-h", "/var/www"],
        ExposedPorts: {"80/tcp": {}}, WorkingDir: "/var/www"}')" "$web"

tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu -C "$work/all" -cf "$out/all.tar" .
echo "inner images, all in one: all.tar ($(du -h "$out/all.tar" | cut -f1))"
