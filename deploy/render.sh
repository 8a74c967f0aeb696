#!/bin/sh
# Render deploy/'s templates for one site into OUT:
#   deploy/render.sh OUT DOMAIN APP_ROOT [CERT KEY] [UPSTREAM] [WORKERS] [CACHE_DIR]
set -eu
out=${1:?usage: render.sh OUT DOMAIN APP_ROOT [CERT KEY UPSTREAM WORKERS CACHE_DIR]}
domain=${2:?domain}
root=${3:?app root}
cert=${4:-/etc/letsencrypt/live/$domain/fullchain.pem}
key=${5:-/etc/letsencrypt/live/$domain/privkey.pem}
upstream=${6:-127.0.0.1:8000}
workers=${7:-$(nproc)}
cache=${8:-/var/cache/nginx/whatsafter}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for template in "$here"/nginx/whatsafter.conf "$here"/systemd/*.service "$here"/systemd/*.timer; do
    sed -e "s|@DOMAIN@|$domain|g" -e "s|@APP_ROOT@|$root|g" -e "s|@CERT@|$cert|g" \
        -e "s|@KEY@|$key|g" -e "s|@UPSTREAM@|$upstream|g" -e "s|@WORKERS@|$workers|g" \
        -e "s|@CACHE_DIR@|$cache|g" "$template" > "$out/$(basename "$template")"
done
