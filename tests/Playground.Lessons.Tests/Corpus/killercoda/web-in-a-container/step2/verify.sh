docker exec web ls /usr/share/nginx/html >/dev/null 2>&1 || docker exec web ls / >/dev/null
