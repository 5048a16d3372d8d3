#!/bin/sh
# Makes sure PostgreSQL 15's server binaries are installed for the cluster suite (npm run test:cluster), which runs
# them from /usr/lib/postgresql/15/bin (DUBAN_PG_BIN overrides). On Debian/Ubuntu without them it installs the
# distribution's postgresql-15 package with apt-get (as root, or through passwordless sudo); elsewhere it says what
# to install. .ci/run calls it before the suite, so a clean CI machine needs nothing done by hand.
set -eu

PG_BIN="${DUBAN_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/postgres" ]; then
  echo "PostgreSQL: $("$PG_BIN/postgres" --version) in $PG_BIN"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL 15 is not in $PG_BIN and this is not a Debian-like system: install the PostgreSQL 15 server" >&2
  echo "and set DUBAN_PG_BIN to the folder holding initdb, pg_ctl and postgres." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "PostgreSQL 15 is not installed and installing it needs root: sudo apt-get install postgresql-15" >&2
  exit 1
fi

echo "Installing PostgreSQL 15 from the distribution (apt-get install postgresql-15)…"
# The package may start a default cluster on port 5432: harmless, the suite starts its own on a free port.
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15
echo "PostgreSQL: $("$PG_BIN/postgres" --version) in $PG_BIN"
