#!/bin/sh
# Creates (or upgrades) Temporal's two PostgreSQL databases with temporal-sql-tool from temporalio/admin-tools.
# docker-compose.yml runs it once in the `temporal-schema` service, before the server starts. Idempotent:
# `create` tolerates an existing database, `setup-schema -v 0.0` only adds the version tables when missing, and
# `update-schema` applies only the schema versions newer than the database's. After a server upgrade, run it again
# with the admin-tools image of the new server version (its schema files match that server).
# Connection: SQL_HOST, SQL_PORT (default 5432), SQL_USER, SQL_PASSWORD (temporal-sql-tool reads SQL_PASSWORD
# itself). Databases: DBNAME (default temporal) and VISIBILITY_DBNAME (default temporal_visibility), the names the
# server's config template uses.
set -eu

: "${SQL_HOST:?SQL_HOST is required}"
: "${SQL_USER:?SQL_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
export SQL_PASSWORD
SQL_PORT="${SQL_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

sqltool() {
  temporal-sql-tool --plugin postgres12 --endpoint "$SQL_HOST" --port "$SQL_PORT" --user "$SQL_USER" "$@"
}

echo "Temporal persistence: $DBNAME on $SQL_HOST:$SQL_PORT"
sqltool --db "$DBNAME" create
sqltool --db "$DBNAME" setup-schema -v 0.0
sqltool --db "$DBNAME" update-schema -d "$SCHEMA_DIR/temporal/versioned"

echo "Temporal visibility (SQL): $VISIBILITY_DBNAME on $SQL_HOST:$SQL_PORT"
sqltool --db "$VISIBILITY_DBNAME" create
sqltool --db "$VISIBILITY_DBNAME" setup-schema -v 0.0
sqltool --db "$VISIBILITY_DBNAME" update-schema -d "$SCHEMA_DIR/visibility/versioned"

echo "Temporal schema is up to date"
