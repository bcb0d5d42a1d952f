#!/usr/bin/env bash
# Logical backup of Aduan's PostgreSQL database (custom format, compressed).
#   deploy/backup.sh DATABASE_URL FILE.dump
set -euo pipefail
url=${1:?usage: deploy/backup.sh DATABASE_URL FILE.dump}
out=${2:?usage: deploy/backup.sh DATABASE_URL FILE.dump}
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$url"
echo "backup written to $out ($(du -h "$out" | cut -f1))"
