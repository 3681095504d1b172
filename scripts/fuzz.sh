#!/usr/bin/env bash
# Fuzz the live API with Schemathesis's CLI, as `make fuzz` does.
#
# Starts gunicorn on a free port of 127.0.0.1 with a fresh SQLite database (migrated, seeded,
# with an analyst called `fuzzer`), runs `schemathesis run` against /api/schema/ anonymously
# and then with the analyst's token, and stops the server. Every phase runs: the schema's
# examples, coverage (boundaries and invalid values of every parameter), fuzzing and stateful
# sequences that follow the schema's links. The checks are those of tests/fuzz/test_fuzz.py.
#
#   scripts/fuzz.sh                       # 100 generated requests per operation and phase
#   FUZZ_EXAMPLES=500 scripts/fuzz.sh     # more
#   FUZZ_SEED=42 scripts/fuzz.sh          # replay a run (the seed is printed at the start)
#   scripts/fuzz.sh --include-path-regex '/rounds/'   # further arguments go to `schemathesis run`
#
# Exits non-zero when either run finds a failure; the server's log is kept and named then.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
# Generated writes refer to records of the seed (tests/fuzz/fuzz_hooks.py says how and why).
export SCHEMATHESIS_HOOKS=tests.fuzz.fuzz_hooks
EXAMPLES=${FUZZ_EXAMPLES:-100}
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,negative_data_rejection

work=$(mktemp -d "${TMPDIR:-/tmp}/dialogue-fuzz.XXXXXX")
server_pid=""
stop() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop EXIT

# The app as `make run` serves it, but on its own database, without debug pages, and with
# rate limits the fuzzer cannot reach (otherwise most answers would be 429).
export DJANGO_SETTINGS_MODULE=config.settings.local
export DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
export DEBUG=0 THROTTLE_ANON=1000000/minute THROTTLE_USER=1000000/minute LOG_FORMAT=plain

"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py createcachetable
"$BIN/python" manage.py seed -v0
token=$("$BIN/python" manage.py create_analyst fuzzer | sed -n 's/^API token: //p')
if [[ -z $token ]]; then
  echo "fuzz: create_analyst printed no token" >&2
  exit 1
fi

port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# One worker, one thread: SQLite takes one writer at a time, and a lock timeout is not a
# finding about the API. No limit on the request line: gunicorn answers a longer one (4,094
# bytes by default, as in the image) with its own HTML 414 before Django sees it, and the
# fuzzer, which repeats query parameters, would report that page rather than the API's answer.
"$BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$port" --workers 1 --threads 1 \
  --timeout 120 --limit-request-line 0 >"$work/server.log" 2>&1 &
server_pid=$!

schema_url="http://127.0.0.1:$port/api/schema/?format=json"
run() {
  "$BIN/schemathesis" --config-file tests/fuzz/schemathesis.toml run "$schema_url" \
    --checks "$CHECKS" --max-examples "$EXAMPLES" --workers 1 --wait-for-schema 30 \
    ${FUZZ_SEED:+--seed "$FUZZ_SEED"} "$@"
}

status=0
echo "== Schemathesis, anonymous =="
run "$@" || status=1
echo "== Schemathesis, as the analyst \`fuzzer\` =="
run -H "Authorization: Token $token" "$@" || status=1

stop
if ((status)); then
  echo "fuzz: failures found; the server's log is $work/server.log" >&2
else
  rm -rf "$work"
fi
exit "$status"
