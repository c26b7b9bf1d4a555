#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io when dockerd is missing and starts dockerd
# in the background when it is not running (no systemd needed). Idempotent; safe to run before every start.
#
#   src/scripts/engine.sh
#
# With DOCKER_HOST set, the engine is someone else's: only check that it answers.
# dockerd's log: .data/dockerd.log (repo-relative).
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
data_dir="$repo_root/.data"
log_file="$data_dir/dockerd.log"
wait_seconds=60

say() { echo "engine: $*"; }
fail() { echo "engine: $*" >&2; exit 1; }

answers() { docker info >/dev/null 2>&1; }
# Without pgrep: procps is not in a minimal Debian.
dockerd_running() { grep -qx dockerd /proc/[0-9]*/comm 2>/dev/null; }

if [[ -n ${DOCKER_HOST:-} ]]; then
  if command -v docker >/dev/null && answers; then
    say "ready at DOCKER_HOST=$DOCKER_HOST ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
    exit 0
  fi
  fail "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST (not starting one: DOCKER_HOST names an engine this script does not manage)"
fi

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  [[ $(id -u) -eq 0 ]] || fail "dockerd is not installed; run this script as root to install Debian's docker.io"
  say "installing docker.io (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # docker.io's Recommends pull in the pieces dockerd needs at run time; iptables is needed for bridge networks.
  apt-get install -y -qq docker.io iptables >/dev/null 2>&1 || fail "apt-get install docker.io failed"
fi

if answers; then
  say "ready ($(docker version -f 'dockerd {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || fail "the Docker engine is not running and starting dockerd needs root"

# A dockerd that is running but not (yet) answering, e.g. started a moment ago by someone else: wait for it
# rather than starting a second one, which would fight over /var/run/docker.pid.
if ! dockerd_running; then
  mkdir -p "$data_dir"
  # dockerd refuses to start when a stale pid file from a killed daemon names a live, unrelated process.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  say "starting dockerd (log: ${log_file#"$repo_root"/})"
  # setsid: the daemon must outlive this script and the terminal or CI step that ran it.
  setsid dockerd >>"$log_file" 2>&1 </dev/null &
fi

for ((i = 0; i < wait_seconds * 4; i++)); do
  if answers; then
    say "ready ($(docker version -f 'dockerd {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null), started in $((i / 4)) s)"
    exit 0
  fi
  if ! dockerd_running; then
    tail -n 20 "$log_file" >&2 2>/dev/null || true
    fail "dockerd exited during start-up; see ${log_file#"$repo_root"/}"
  fi
  sleep 0.25
done
tail -n 20 "$log_file" >&2 2>/dev/null || true
fail "dockerd did not answer within ${wait_seconds} s; see ${log_file#"$repo_root"/}"
