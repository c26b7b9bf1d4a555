#!/usr/bin/env bash
# build.sh hook: pre-seeds the inner engine's /var/lib/docker in the image, so a sandbox starts with its
# images already in place instead of spending ~1 s (under the 1-CPU limit) on `docker load` at every start.
#
#   seed.sh STAGE_IMAGE OUT_DIR
#
# Runs STAGE_IMAGE once as a sandbox would run (capabilities read from environment.yaml), lets its entrypoint
# load the preloaded images, stops the inner dockerd cleanly and saves its image store to OUT_DIR/seed.tar, and
# writes OUT_DIR/Dockerfile, which adds that store at /var/lib/docker. Docker copies an image's content into an
# empty named volume mounted over it ("copy-up"), so each sandbox volume starts seeded. Where the copy-up does
# not happen (a bind mount, NoCopy), the entrypoint finds no stamp and loads the images itself.
set -euo pipefail

stage=${1:?usage: seed.sh STAGE_IMAGE OUT_DIR}
out=${2:?usage: seed.sh STAGE_IMAGE OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
name=playground-seed-$$-$RANDOM

caps=()
while read -r cap; do caps+=(--cap-add "$cap"); done < <(
  sed -n '/^capabilities:/,/^[a-z_]*:/p' "$here/environment.yaml" | grep -oE 'name: *[A-Z_]+' | sed -E 's/name: *//')

cleanup() {
  docker rm -f -v "$name" >/dev/null 2>&1 || true
  docker volume rm "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker volume create --label playground.seed=true "$name" >/dev/null
docker run -d --name "$name" --label playground.seed=true --network none --init \
  --cap-drop ALL "${caps[@]}" --cgroupns private \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt no-new-privileges \
  --tmpfs /run:size=64m,exec --tmpfs /tmp:size=64m \
  --mount "type=volume,src=$name,dst=/var/lib/docker" \
  "$stage" sleep infinity >/dev/null

for ((i = 0; i < 300; i++)); do
  status=0
  docker exec "$name" playground-dind-ready 2>/dev/null || status=$?
  ((status == 0 || status == 2)) && break
  if [[ $(docker inspect -f '{{.State.Running}}' "$name") != true ]]; then
    docker logs "$name" >&2 || true
    echo "seed: the sandbox exited during start-up" >&2
    exit 1
  fi
  sleep 0.1
done
docker exec "$name" test -s /var/lib/docker/.playground-preloaded || {
  docker exec "$name" cat /run/playground/startup.log /run/playground/dockerd.log >&2 || true
  echo "seed: the inner engine did not load the preloaded images" >&2
  exit 1
}

# A clean stop flushes dockerd's metadata (bolt databases) before the copy.
docker exec "$name" sh -c 'pkill -x dockerd; for i in $(seq 100); do pgrep -x dockerd >/dev/null || pgrep -x containerd >/dev/null || exit 0; sleep 0.1; done; exit 1'

# Only the image store: everything else (networks, containerd state, build cache, volumes) is made fresh per sandbox.
mkdir -p "$out"
docker exec "$name" tar -C /var/lib/docker -cf - .playground-preloaded image overlay2 >"$out/seed.tar"
cat >"$out/Dockerfile" <<DOCKERFILE
FROM $stage
ADD seed.tar /var/lib/docker/
VOLUME /var/lib/docker
DOCKERFILE
echo "seed: $(du -h "$out/seed.tar" | cut -f1) image store"
