#!/usr/bin/env bash
# Runs Playground on this machine: installs what it needs, starts the Docker engine, builds the
# sandbox images (offline-capable), builds the server with its front end, and serves it on
# http://127.0.0.1:5080 (override with --Playground:Urls=http://127.0.0.1:PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src/scripts/prerequisites.sh
PLAYGROUND_RAISE_KEY_QUOTA=1 bash src/scripts/engine.sh
bash sandbox-images/build.sh
dotnet build src/Playground.Web/Playground.Web.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
# The address the server will listen on: the last --Playground:Urls argument, else the environment, else the default.
url="${Playground__Urls:-http://127.0.0.1:5080}"
for arg in "$@"; do
  case "$arg" in --Playground:Urls=*|--Playground__Urls=*) url="${arg#*=}" ;; esac
done
echo "Playground: $url (Ctrl-C stops it and removes its sandboxes)"
exec dotnet src/Playground.Web/bin/Release/net10.0/playground.dll serve "$@"
