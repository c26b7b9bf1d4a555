docker ps --filter name=^web$ --format "{{.Names}}" | grep -qx web
