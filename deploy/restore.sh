#!/usr/bin/env bash
# Restores a backup from deploy/backup.sh into an EMPTY database (create it first:
# createdb ...). Never restore over the live database: restore, check, then switch
# DATABASE_URL.
#   deploy/restore.sh FILE.dump DATABASE_URL
set -euo pipefail
dump=${1:?usage: deploy/restore.sh FILE.dump DATABASE_URL}
url=${2:?usage: deploy/restore.sh FILE.dump DATABASE_URL}
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$dump"
echo "restored $dump"
