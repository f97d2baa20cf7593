# bench/nginx.sh: start a throw-away nginx on 127.0.0.1 serving a directory.
# Source it, then: nginx_start ROOT_DIR WORK_DIR  -> sets NGINX_PORT;
# nginx_stop; nginx_status_counts (requests per status since the last reset);
# nginx_reset_log. Needs Debian's nginx (the binary only; no service runs).

nginx_start() {
	local root=$1 work=$2 try
	mkdir -p "$work/logs" "$work/tmp"
	for try in 1 2 3 4 5 6 7 8; do
		NGINX_PORT=$(( 20000 + (RANDOM % 20000) ))
		cat >"$work/nginx.conf" <<CONF
worker_processes 2;
error_log $work/logs/error.log warn;
pid $work/nginx.pid;
daemon on;
events { worker_connections 1024; }
http {
	access_log $work/logs/access.log combined;
	client_body_temp_path $work/tmp;
	proxy_temp_path $work/tmp;
	fastcgi_temp_path $work/tmp;
	uwsgi_temp_path $work/tmp;
	scgi_temp_path $work/tmp;
	types { application/rss+xml xml; application/json json; }
	default_type application/octet-stream;
	sendfile on;
	keepalive_requests 10000;
	gzip on;
	gzip_types application/rss+xml application/json;
	etag on;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $root;
	}
}
CONF
		if nginx -p "$work" -c "$work/nginx.conf" 2>"$work/start.err"; then
			sleep 0.2
			return 0
		fi
	done
	cat "$work/start.err" >&2
	return 1
}

nginx_stop() {
	[ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null
	sleep 0.1
}

nginx_reset_log() {
	: >"$1/logs/access.log"
	kill -USR1 "$(cat "$1/nginx.pid")" 2>/dev/null
	sleep 0.2
}

# Prints "200:N 304:N ..." for the requests logged so far.
nginx_status_counts() {
	awk '{ n[$9]++ } END { for (s in n) printf "%s:%d ", s, n[s]; print "" }' "$1/logs/access.log"
}
