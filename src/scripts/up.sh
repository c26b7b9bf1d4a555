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
echo "Playground: http://127.0.0.1:5080 (Ctrl-C stops it and removes its sandboxes)"
exec dotnet src/Playground.Web/bin/Release/net10.0/playground.dll serve "$@"
