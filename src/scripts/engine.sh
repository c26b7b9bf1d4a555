#!/usr/bin/env bash
# Makes sure both Docker engines Playground uses answer. Idempotent; safe to run before every start.
#
#   src/scripts/engine.sh
#
# 1. The MAIN engine (/var/run/docker.sock) builds the sandbox images. Installs Debian's docker.io when dockerd is
#    missing and starts dockerd in the background when it is not running (no systemd needed). Never stopped or
#    restarted here. With DOCKER_HOST set it is someone else's: only check that it answers.
#    Log: .data/dockerd.log (repo-relative).
# 2. The SANDBOX engine (unix:///run/playground/sandboxes.sock) runs every sandbox: a second dockerd owned by
#    Playground, with user-namespace remapping (a sandbox's root is host uid 100000, not root), no iptables or
#    forwarding of its own and an unused bridge of its own (pgsbx0, see below), its own data root, exec root, pid file
#    and cgroup parent, an empty daemon config (nothing
#    of /etc/docker/daemon.json is inherited), and playground-runc (sandbox-images/engine/) as default runtime.
#    Machine-wide, shared by every checkout and CI job on this machine: state in /var/lib/playground, socket and
#    pid file in /run/playground. Log: /var/lib/playground/sandbox-engine.log.
#    With PLAYGROUND_SANDBOX_HOST set (DOCKER_HOST-style), someone else runs it: only check that it answers.
#    Also installs jq (the runtime wrapper needs it) and Docker's default seccomp profile of the installed engine
#    version (from Debian's golang-github-docker-docker-dev) as /var/lib/playground/seccomp/docker-default.json;
#    Playground adds sandbox-images/engine/seccomp-nested-engine.json to it for the docker environment.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
data_dir="$repo_root/.data"
log_file="$data_dir/dockerd.log"
wait_seconds=60

state_dir=/var/lib/playground
run_dir=/run/playground
sandbox_sock=$run_dir/sandboxes.sock
sandbox_host=unix://$sandbox_sock
sandbox_pidfile=$run_dir/sandbox-engine.pid
sandbox_log=$state_dir/sandbox-engine.log
runtime_path=/usr/local/lib/playground/playground-runc
# The sandbox engine's default bridge. NOT `--bridge none`: dockerd 20.10 with bridge none deletes the link named
# docker0 at start (removeDefaultBridgeInterface), which is the MAIN engine's bridge (its bridged containers lose
# their network). Sandboxes run with network none, so this bridge stays unused; its address is from 198.18.0.0/15
# (RFC 2544 benchmarking, never routed) and the engine neither masquerades nor forwards.
sandbox_bridge=pgsbx0
sandbox_bridge_cidr=198.18.213.1/24
seccomp_default=$state_dir/seccomp/docker-default.json
debian_seccomp=/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json

say() { echo "engine: $*"; }
fail() { echo "engine: $*" >&2; exit 1; }

answers() { docker info >/dev/null 2>&1; }
# Without pgrep: procps is not in a minimal Debian. The main dockerd is the one without our socket.
main_dockerd_running() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(cat "$p/comm" 2>/dev/null) == dockerd ]] || continue
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "$sandbox_sock" || return 0
  done
  return 1
}

ensure_main_engine() {
  if [[ -n ${DOCKER_HOST:-} ]]; then
    if command -v docker >/dev/null && answers; then
      say "main engine ready at DOCKER_HOST=$DOCKER_HOST ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
      return 0
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
    say "main engine ready ($(docker version -f 'dockerd {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))"
    return 0
  fi

  [[ $(id -u) -eq 0 ]] || fail "the Docker engine is not running and starting dockerd needs root"

  # A dockerd that is running but not (yet) answering, e.g. started a moment ago by someone else: wait for it
  # rather than starting a second one, which would fight over /var/run/docker.pid.
  if ! main_dockerd_running; then
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
      say "main engine ready ($(docker version -f 'dockerd {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null), started in $((i / 4)) s)"
      return 0
    fi
    if ! main_dockerd_running; then
      tail -n 20 "$log_file" >&2 2>/dev/null || true
      fail "dockerd exited during start-up; see ${log_file#"$repo_root"/}"
    fi
    sleep 0.25
  done
  tail -n 20 "$log_file" >&2 2>/dev/null || true
  fail "dockerd did not answer within ${wait_seconds} s; see ${log_file#"$repo_root"/}"
}

sandbox_answers() { docker -H "$1" info >/dev/null 2>&1; }

# Docker's own default seccomp profile, exactly the one of the installed engine's version. Debian ships it in
# golang-github-docker-docker-dev; that package drags ~250 Go source packages in as dependencies, so only its
# .deb is downloaded (same source version as docker.io) and the one file extracted.
ensure_seccomp_default() {
  [[ -s $seccomp_default ]] && return 0
  mkdir -p "$(dirname "$seccomp_default")"
  if [[ -s $debian_seccomp ]]; then
    cp "$debian_seccomp" "$seccomp_default.tmp" && mv "$seccomp_default.tmp" "$seccomp_default"
    return 0
  fi
  local version tmp
  version=$(dpkg-query -W -f '${Version}' docker.io 2>/dev/null | sed -E 's/\+b[0-9]+$//')
  tmp=$(mktemp -d)
  say "fetching Docker's default seccomp profile (golang-github-docker-docker-dev${version:+ $version})"
  if ! (cd "$tmp" && chmod 777 . && { apt-get download -qq "golang-github-docker-docker-dev${version:+=$version}" >/dev/null 2>&1 ||
          { apt-get update -qq >/dev/null 2>&1 && apt-get download -qq "golang-github-docker-docker-dev${version:+=$version}" >/dev/null 2>&1; } ||
          apt-get download -qq golang-github-docker-docker-dev >/dev/null 2>&1; }); then
    rm -rf "$tmp"
    fail "cannot download golang-github-docker-docker-dev (Docker's default seccomp profile); the docker environment needs it"
  fi
  dpkg-deb --fsys-tarfile "$tmp"/golang-github-docker-docker-dev_*.deb | tar -xO ".$debian_seccomp" >"$seccomp_default.tmp" &&
    jq -e '.syscalls | length > 0' "$seccomp_default.tmp" >/dev/null ||
    { rm -rf "$tmp" "$seccomp_default.tmp"; fail "golang-github-docker-docker-dev has no usable $debian_seccomp"; }
  mv "$seccomp_default.tmp" "$seccomp_default"
  rm -rf "$tmp"
}

# Installed (not referenced in the checkout) so that the running engine does not depend on one checkout.
install_runtime() {
  local src=$repo_root/sandbox-images/engine/playground-runc
  cmp -s "$src" "$runtime_path" 2>/dev/null && return 0
  mkdir -p "$(dirname "$runtime_path")"
  cp "$src" "$runtime_path.tmp" && chmod 0755 "$runtime_path.tmp" && mv "$runtime_path.tmp" "$runtime_path"
  say "installed $runtime_path"
}

sandbox_dockerd_pid() {
  local pid
  pid=$(cat "$sandbox_pidfile" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$sandbox_sock" && echo "$pid"
}

ensure_sandbox_engine() {
  if [[ -n ${PLAYGROUND_SANDBOX_HOST:-} ]]; then
    sandbox_answers "$PLAYGROUND_SANDBOX_HOST" ||
      fail "no sandbox engine answers at PLAYGROUND_SANDBOX_HOST=$PLAYGROUND_SANDBOX_HOST (not starting one: it names an engine this script does not manage)"
    say "sandbox engine ready at PLAYGROUND_SANDBOX_HOST=$PLAYGROUND_SANDBOX_HOST"
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || { sandbox_answers "$sandbox_host" && { say "sandbox engine ready"; return 0; }; fail "the sandbox engine is not running and starting it needs root"; }

  command -v jq >/dev/null || {
    say "installing jq (Debian package; the sandbox runtime wrapper reads the OCI bundle with it)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1; } ||
      fail "apt-get install jq failed"
  }
  mkdir -p "$state_dir" "$run_dir"
  # One starter at a time across checkouts and CI jobs on this machine.
  exec 8>"$run_dir/engine.lock"
  flock 8
  ensure_seccomp_default
  install_runtime

  if sandbox_answers "$sandbox_host"; then
    say "sandbox engine ready ($sandbox_host, userns-remap $(docker -H "$sandbox_host" info -f '{{range .SecurityOptions}}{{.}} {{end}}' 2>/dev/null | grep -o 'name=userns' || echo '?'))"
    return 0
  fi

  if ! sandbox_dockerd_pid >/dev/null; then
    rm -f "$sandbox_pidfile"
    if ! ip link show "$sandbox_bridge" >/dev/null 2>&1; then
      ip link add "$sandbox_bridge" type bridge && ip addr add "$sandbox_bridge_cidr" dev "$sandbox_bridge" &&
        ip link set "$sandbox_bridge" up || fail "cannot create the sandbox engine's bridge $sandbox_bridge"
    fi
    [[ -f $state_dir/sandbox-engine.json ]] || echo '{}' >"$state_dir/sandbox-engine.json"
    say "starting the sandbox engine (log: $sandbox_log)"
    # --userns-remap=default creates the user dockremap and its /etc/subuid, /etc/subgid ranges (100000:65536).
    # Sandboxes run with network none; this engine must not touch the host's iptables or forwarding, which the
    # main engine owns, nor docker0 (see sandbox_bridge). Own containerd namespaces, in case one is shared.
    setsid dockerd \
      --host "$sandbox_host" \
      --config-file "$state_dir/sandbox-engine.json" \
      --data-root "$state_dir/sandbox-engine" \
      --exec-root "$run_dir/sandbox-engine" \
      --pidfile "$sandbox_pidfile" \
      --cgroup-parent /playground-sandboxes \
      --userns-remap default \
      --bridge "$sandbox_bridge" --iptables=false --ip-masq=false --ip-forward=false \
      --containerd-namespace playground-sandboxes --containerd-plugins-namespace playground-sandboxes-plugins \
      --add-runtime "playground-runc=$runtime_path" --default-runtime playground-runc \
      >>"$sandbox_log" 2>&1 </dev/null 8>&- &
  fi
  for ((i = 0; i < wait_seconds * 4; i++)); do
    if sandbox_answers "$sandbox_host"; then
      say "sandbox engine ready ($sandbox_host, started in $((i / 4)) s)"
      return 0
    fi
    if ((i > 8)) && ! sandbox_dockerd_pid >/dev/null; then
      tail -n 20 "$sandbox_log" >&2 2>/dev/null || true
      fail "the sandbox engine exited during start-up; see $sandbox_log"
    fi
    sleep 0.25
  done
  tail -n 20 "$sandbox_log" >&2 2>/dev/null || true
  fail "the sandbox engine did not answer within ${wait_seconds} s; see $sandbox_log"
}

# Kernel per-uid limits: every sandbox's root is the same host uid (one remapped range), so per-uid quotas are
# shared by all sandboxes. runc takes a session keyring (a key) from that uid's quota for every sandbox and for
# every container started inside a `docker` sandbox; Debian's default (200 keys, 20000 bytes) stops a class at
# about 200 sandboxes with "unable to join session keyring: disk quota exceeded".
# With PLAYGROUND_RAISE_KEY_QUOTA=1 (up.sh sets it: serving a class is what it is for) the quota is raised, never
# lowered; otherwise, and when the kernel refuses, it is only reported.
readonly wanted_maxkeys=20000 wanted_maxbytes=2000000
check_kernel_limits() {
  local maxkeys maxbytes
  maxkeys=$(cat /proc/sys/kernel/keys/maxkeys 2>/dev/null || echo 0)
  maxbytes=$(cat /proc/sys/kernel/keys/maxbytes 2>/dev/null || echo 0)
  if ((maxkeys >= wanted_maxkeys && maxbytes >= wanted_maxbytes)); then return; fi
  if [[ "${PLAYGROUND_RAISE_KEY_QUOTA:-0}" == 1 ]] \
    && echo $((maxkeys > wanted_maxkeys ? maxkeys : wanted_maxkeys)) > /proc/sys/kernel/keys/maxkeys 2>/dev/null \
    && echo $((maxbytes > wanted_maxbytes ? maxbytes : wanted_maxbytes)) > /proc/sys/kernel/keys/maxbytes 2>/dev/null; then
    say "raised the kernel key quota shared by all sandboxes: kernel.keys.maxkeys $maxkeys -> $(cat /proc/sys/kernel/keys/maxkeys), maxbytes $maxbytes -> $(cat /proc/sys/kernel/keys/maxbytes) (not persisted: see README)"
    return
  fi
  say "note: kernel.keys.maxkeys=$maxkeys / maxbytes=$maxbytes limit all sandboxes together to about $((maxkeys < maxbytes / 100 ? maxkeys : maxbytes / 100)) sandboxes and inner containers; for a class raise it: sysctl -w kernel.keys.maxkeys=$wanted_maxkeys kernel.keys.maxbytes=$wanted_maxbytes (see README)"
}

ensure_main_engine
ensure_sandbox_engine
check_kernel_limits
