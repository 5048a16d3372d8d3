#!/bin/sh
# Creates duban's namespace if it is missing and registers duban's custom search attributes on it
# (DOMAIN.md "Temporal mapping"; the names and types must match SA in src/temporal/names.ts, which
# tests/unit/deploy.test.ts checks). Idempotent: run it again after every upgrade.
#
# docker-compose.yml runs it once in the `temporal-search-attributes` service. It works against any self-hosted
# cluster the `temporal` CLI can reach, with the same variables duban reads:
#   TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, and for TLS / auth TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY,
#   TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY (the CLI reads these itself).
# Optional: TEMPORAL_NAMESPACE_RETENTION (for a namespace it creates, default 90d), TEMPORAL_CLI (path to the CLI),
# TEMPORAL_WAIT_ATTEMPTS (how many 2-second waits for the server, default 60).
# Temporal Cloud: namespaces and search attributes are managed with tcld or the Cloud UI (README.md, "Running in production").
set -eu

TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_ADDRESS TEMPORAL_NAMESPACE
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-90d}"
CLI="${TEMPORAL_CLI:-temporal}"
ATTEMPTS="${TEMPORAL_WAIT_ATTEMPTS:-60}"

tcli() {
  "$CLI" "$@" --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
}

echo "Waiting for Temporal at $TEMPORAL_ADDRESS ..."
attempt=1
until tcli operator cluster health >/dev/null 2>&1; do
  if [ "$attempt" -ge "$ATTEMPTS" ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not healthy after $ATTEMPTS attempts:" >&2
    tcli operator cluster health >&2 || true
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if tcli operator namespace describe >/dev/null 2>&1; then
  echo "Namespace '$TEMPORAL_NAMESPACE' exists"
else
  echo "Creating namespace '$TEMPORAL_NAMESPACE' (retention $RETENTION)"
  if ! out=$(tcli operator namespace create --retention "$RETENTION" 2>&1); then
    case "$out" in
      *"already exists"* | *"already registered"*) echo "Namespace '$TEMPORAL_NAMESPACE' exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  # A new namespace reaches every frontend through the namespace cache (refreshed about every 10 s).
  attempt=1
  until tcli operator namespace describe >/dev/null 2>&1; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then echo "Namespace '$TEMPORAL_NAMESPACE' did not appear" >&2; exit 1; fi
    attempt=$((attempt + 1))
    sleep 2
  done
fi

# Same name with the same type: accepted and nothing changes. Same name with another type: a real conflict, fail.
register_search_attribute() {
  name="$1"
  type="$2"
  attempt=1
  while :; do
    if out=$(tcli operator search-attribute create --name "$name" --type "$type" 2>&1); then
      echo "Search attribute $name ($type): registered"
      return 0
    fi
    case "$out" in
      *"different type"*) echo "Search attribute $name: $out" >&2; return 1 ;;
      *"already exists"*) echo "Search attribute $name ($type): already registered"; return 0 ;;
    esac
    if [ "$attempt" -ge 10 ]; then echo "Search attribute $name: $out" >&2; return 1; fi
    attempt=$((attempt + 1))
    sleep 3
  done
}

register_search_attribute DubanPlan Keyword
register_search_attribute DubanIndicator Keyword
register_search_attribute DubanLead KeywordList
register_search_attribute DubanSupport KeywordList
register_search_attribute DubanLeaders KeywordList
register_search_attribute DubanState Keyword
register_search_attribute DubanLight Keyword
register_search_attribute DubanDueAt Datetime
register_search_attribute DubanEscalation Int
register_search_attribute DubanLate Bool
register_search_attribute DubanGrade Keyword
register_search_attribute DubanRejections Int
register_search_attribute DubanParent Keyword

tcli operator search-attribute list | grep Duban || true
echo "Namespace '$TEMPORAL_NAMESPACE' on $TEMPORAL_ADDRESS is ready for duban"
