#!/usr/bin/env bash
# Installs what building Playground needs beyond the .NET SDK, from Debian's packages:
# Node.js and npm (the front end is restored from npm), and with --browser Debian's chromium
# (the browser tests drive it; Playwright never downloads a browser of its own).
set -euo pipefail
want=()
command -v node >/dev/null 2>&1 || want+=(nodejs)
command -v npm >/dev/null 2>&1 || want+=(npm)
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then want+=(chromium); fi
if [ ${#want[@]} -gt 0 ]; then
  echo "installing ${want[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
fi
