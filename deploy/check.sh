#!/bin/sh
# Exercise deploy/ here: render it, check the nginx site with a self-signed certificate
# (nginx -t), and verify the systemd units (systemd-analyze verify) when the tools exist.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=whatsafter.test" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
"$here/render.sh" "$work/site" whatsafter.test "$root" "$work/cert.pem" "$work/key.pem" \
    127.0.0.1:8000 2 "$work/cache"
if command -v nginx >/dev/null 2>&1; then
    cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/site/whatsafter.conf;
}
CONF
    nginx -t -q -c "$work/nginx.conf" -e "$work/error.log"
    echo "nginx: the site config is valid"
else
    echo "nginx: not installed, config not checked" >&2
fi
if command -v systemd-analyze >/dev/null 2>&1; then
    # systemd ignores a line it cannot parse with only a warning: any message is a failure.
    systemd-analyze verify "$work"/site/*.service "$work"/site/*.timer > "$work/verify.log" 2>&1
    if [ -s "$work/verify.log" ]; then cat "$work/verify.log" >&2; exit 1; fi
    echo "systemd: the units are valid"
else
    echo "systemd-analyze: not installed, units not checked" >&2
fi
