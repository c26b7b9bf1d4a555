#!/usr/bin/env bash
# Builds the sandbox images: one per folder here that has an environment.yaml.
#
#   sandbox-images/build.sh [--force] [ENV ...]        (default: every environment)
#
# Works without a container registry: when the Dockerfiles' default base (debian:bookworm) is neither on the
# machine nor pullable, base/bootstrap.sh makes it from the machine's Debian apt mirror (mmdebstrap) and the
# images are built FROM playground/base:bookworm instead.
#
# An image is "current" when its label playground.build-hash equals the hash of everything it is built from:
# the environment folder (minus README.md and environment.yaml, which are not built into it), common/, the
# .dockerignore, and the ids of the images its Dockerfile builds FROM. Current images are not rebuilt. Files are
# named relative to sandbox-images/, so every checkout of the same content (another clone or worktree, another
# path) finds the same images current; base/bootstrap.sh keeps an existing playground/base:bookworm made from the
# same apt sources by the same recipe, so its id, and with it every image built FROM it, stays the same.
#
# An environment folder with an executable seed.sh gets a second step: seed.sh STAGE_IMAGE OUT_DIR prepares a
# build context whose Dockerfile builds FROM the first image (docker/seed.sh pre-seeds the inner image store).
#
# Images are built on the main engine (DOCKER_HOST or /var/run/docker.sock) and then loaded into the sandbox engine
# (PLAYGROUND_SANDBOX_HOST or unix:///run/playground/sandboxes.sock, started by src/scripts/engine.sh), whose image
# store is user-namespace remapped and separate. An image whose id there equals the main engine's (same id = same
# content and build-hash label) is not loaded again; playground/base:bookworm is loaded too (tests use it).
#
# Prints one line per environment: built / current / unavailable (reason) / FAILED, plus "loaded into the sandbox
# engine (N s)" when it was. Exits non-zero only when an environment that can be built fails to build or load.
# Build logs: .data/build/<env>.log
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/.." && pwd)
data_dir="$repo_root/.data"
log_dir="$data_dir/build"
default_base=debian:bookworm
bootstrap_base=playground/base:bookworm

force=false
wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    -*) echo "build: unknown option $arg (usage: build.sh [--force] [ENV ...])" >&2; exit 2 ;;
    *) wanted+=("${arg%/}") ;;
  esac
done

mkdir -p "$log_dir"
exec 9>"$data_dir/build.lock"
if ! flock -n 9; then
  echo "build: another build.sh is running; waiting for it" >&2
  flock 9
fi

if ! docker info >/dev/null 2>&1; then
  echo "build: no Docker engine answers; run src/scripts/engine.sh first" >&2
  exit 1
fi

sandbox_host=${PLAYGROUND_SANDBOX_HOST:-unix:///run/playground/sandboxes.sock}
if ! docker -H "$sandbox_host" info >/dev/null 2>&1; then
  echo "build: the sandbox engine does not answer at $sandbox_host; run src/scripts/engine.sh first" >&2
  exit 1
fi

# Copies IMAGE from the main engine into the sandbox engine unless the same image id is there already.
load_into_sandbox_engine() {
  local image=$1 id old started
  id=$(image_id "$image") || return 0
  old=$(docker -H "$sandbox_host" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  [[ $old == "$id" ]] && return 0
  started=$SECONDS
  if ! docker save "$image" | docker -H "$sandbox_host" load -q >/dev/null; then
    echo "  $image: FAILED to load into the sandbox engine ($sandbox_host)"
    return 1
  fi
  # The image this one replaces there is left untagged; remove it unless a sandbox still runs on it.
  [[ -n $old ]] && docker -H "$sandbox_host" image rm "$old" >/dev/null 2>&1 || true
  echo "  $image: loaded into the sandbox engine ($((SECONDS - started)) s)"
}

all_envs=()
for f in "$here"/*/environment.yaml; do
  [[ -f $f ]] && all_envs+=("$(basename "$(dirname "$f")")")
done
if ((${#wanted[@]} == 0)); then
  wanted=("${all_envs[@]}")
else
  for env in "${wanted[@]}"; do
    if [[ ! -f $here/$env/environment.yaml ]]; then
      echo "build: no environment '$env' (known: ${all_envs[*]})" >&2
      exit 2
    fi
  done
fi

# Top-level scalar of environment.yaml (the spec's `image:` line); quotes and trailing comments removed.
yaml_scalar() {
  sed -n -E "s/^$2:[[:space:]]*//p" "$1" | head -n1 | sed -E 's/[[:space:]]+#.*$//; s/^"(.*)"$/\1/; s/^'"'"'(.*)'"'"'$/\1/'
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null; }
image_label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null; }
try_pull() { docker pull -q "$1" >/dev/null 2>&1; }

# The base every Dockerfile's `ARG BASE` resolves to; decided once, on first need.
base_image=
resolve_base() {
  [[ -n $base_image ]] && return 0
  if image_id "$default_base" >/dev/null || try_pull "$default_base"; then
    base_image=$default_base
  elif "$here/base/bootstrap.sh" "$bootstrap_base" >"$log_dir/base.log" 2>&1; then
    base_image=$bootstrap_base
  else
    tail -n 20 "$log_dir/base.log" >&2
    echo "build: cannot pull $default_base and bootstrapping $bootstrap_base failed (log: .data/build/base.log)" >&2
    return 1
  fi
}

# Hash of the files that make up an environment's build context.
content_hash() {
  local env=$1
  (
    cd "$here"
    find "$env" common .dockerignore -type f ! -path "$env/README.md" ! -path "$env/environment.yaml" -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
  ) | sha256sum | cut -c1-64
}

# `ARG NAME=default` lines that precede the first FROM: the images a Dockerfile builds from (BASE, K3S_IMAGE...).
from_args() {
  awk '/^[[:space:]]*FROM[[:space:]]/ { exit } /^[[:space:]]*ARG[[:space:]]+[A-Za-z_0-9]+=/ { sub(/^[[:space:]]*ARG[[:space:]]+/, ""); print }' "$1"
}

failed=0
for env in "${wanted[@]}"; do
  dir=$here/$env
  image=$(yaml_scalar "$dir/environment.yaml" image)
  if [[ -z $image ]]; then
    echo "$env: FAILED — environment.yaml has no image:"
    failed=1
    continue
  fi
  if [[ ! -f $dir/Dockerfile ]]; then
    echo "$env: unavailable — no Dockerfile in sandbox-images/$env"
    continue
  fi

  build_args=()
  ids=()
  unavailable=
  while IFS='=' read -r name value; do
    if [[ $name == BASE ]]; then
      resolve_base || { unavailable="base image $default_base cannot be pulled or bootstrapped"; break; }
      value=$base_image
    elif ! image_id "$value" >/dev/null && ! try_pull "$value"; then
      unavailable="$value cannot be pulled here (no registry) and is not on this machine; see sandbox-images/$env/README.md"
      break
    fi
    build_args+=(--build-arg "$name=$value")
    ids+=("$name=$(image_id "$value")")
  done < <(from_args "$dir/Dockerfile")
  if [[ -n $unavailable ]]; then
    echo "$env: unavailable — $unavailable"
    continue
  fi

  hash=$( { content_hash "$env"; printf '%s\n' "${ids[@]}"; } | sha256sum | cut -c1-64)
  if ! $force && [[ $(image_label "$image" playground.build-hash) == "$hash" ]]; then
    echo "$env: current ($image)"
    load_into_sandbox_engine "$image" || failed=1
    continue
  fi

  old_id=$(image_id "$image" || true)
  started=$SECONDS
  log=$log_dir/$env.log
  labels=(--label "playground.build-hash=$hash" --label "playground.environment=$env")
  if [[ -x $dir/seed.sh ]]; then
    # Two steps: the Dockerfile's image, then the hook's layer on top (e.g. a pre-seeded inner image store).
    # Only the final image carries the build hash, so a failed hook leaves the environment "not current".
    stage=$image-stage
    seed_dir=$log_dir/$env-seed
    rm -rf "$seed_dir"
    built() {
      docker build --force-rm --network host --file "$dir/Dockerfile" --tag "$stage" "${build_args[@]}" "$here" &&
        "$dir/seed.sh" "$stage" "$seed_dir" &&
        docker build --force-rm --tag "$image" "${labels[@]}" "$seed_dir" &&
        { docker image rm "$stage" >/dev/null; rm -rf "$seed_dir"; }
    }
  else
    built() {
      docker build --force-rm --network host --file "$dir/Dockerfile" --tag "$image" "${labels[@]}" "${build_args[@]}" "$here"
    }
  fi
  if built >"$log" 2>&1; then
    # The image this one replaces is left untagged; remove it unless a sandbox still runs on it.
    if [[ -n $old_id && $old_id != "$(image_id "$image")" ]]; then
      docker image rm "$old_id" >/dev/null 2>&1 || true
    fi
    echo "$env: built ($image, $((SECONDS - started)) s)"
    load_into_sandbox_engine "$image" || failed=1
  else
    tail -n 25 "$log" >&2
    echo "$env: FAILED — docker build exited non-zero after $((SECONDS - started)) s (log: .data/build/$env.log)"
    failed=1
  fi
done
# The small Debian base: tests start plain containers from it on the sandbox engine.
load_into_sandbox_engine "$bootstrap_base" || failed=1
exit "$failed"
