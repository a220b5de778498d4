# Shared by the end-to-end scripts over the Tansu broker (deploy/e2e/run, cluster,
# chaos): sourced, never run. Before sourcing, a script sets
#   e2e_name   its name in progress lines and in the work directory's name
#   e2e_limit  its time limit in seconds (start_watchdog enforces it)
#   e2e_keep   1 keeps the work directory even when every check passed
# and gets: root, bin (.build/debug), tansu, work (a fresh directory), PASS/FAIL
# reporting (pass, fail, check, finish), say, wait_for, free_port, stop_pid, every
# started process stopped at exit (add its pid to `pids`), require_tools, start_broker,
# uuid, now, and the specification's example form (form_template).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="$root/.build/debug"
tansu="$root/deploy/.venv/bin/tansu"
export LD_LIBRARY_PATH=/usr/local/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}   # kcat with librdkafka 2.8

work=$(mktemp -d "${TMPDIR:-/tmp}/onething-$e2e_name.XXXXXX")
passed=0
failed=0
pids=()
started_at=$SECONDS

say() { printf '[%s %3ds] %s\n' "$e2e_name" "$((SECONDS - started_at))" "$*" >&2; }
pass() { passed=$((passed + 1)); printf 'PASS  %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s%s\n' "$1" "${2:+ ($2)}"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

finish() {
  printf '%d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
  exit $?
}

stop_pid() {   # stop_pid PID: TERM, up to 10 s, then KILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

e2e_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  [ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null
  if [ "$e2e_keep" = 1 ] || [ "$failed" -gt 0 ]; then
    say "logs kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap e2e_cleanup EXIT
trap 'fail "interrupted or over the ${e2e_limit}s time limit"; printf "%d passed, %d failed\n" "$passed" "$failed"; exit 1' INT TERM

# start_watchdog: from now on the script is interrupted after e2e_limit seconds.
start_watchdog() {
  ( trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$e2e_limit" & nap=$!; wait "$nap"; kill -TERM $$ 2>/dev/null ) &
  watchdog=$!
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for SECONDS COMMAND...: true once COMMAND succeeds, false when time runs out.
wait_for() {
  local seconds=$1; shift
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do "$@" && return 0; sleep 0.3; done
  return 1
}

# require_tools: the binaries of `swift build`, Tansu, and the command-line tools used;
# fails the run when one is missing.
require_tools() {
  local tool
  for tool in "$bin/hubd" "$bin/hubctl" "$bin/deptsim" "$tansu"; do
    if [ ! -x "$tool" ]; then fail "prerequisite $tool" "missing: run swift build and deploy/setup"; finish; fi
  done
  for tool in kcat jq curl python3; do
    command -v "$tool" >/dev/null || { fail "prerequisite $tool" "not installed"; finish; }
  done
}

# start_broker: Tansu in memory on a free loopback port; sets `broker` (HOST:PORT).
start_broker() {
  local port
  port=$(free_port)
  broker="127.0.0.1:$port"
  "$tansu" broker --listener-url "tcp://$broker" --advertised-listener-url "tcp://$broker" \
    --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
  pids+=($!)
  if wait_for 20 broker_up; then pass "Tansu broker listens on $broker"; else fail "Tansu broker starts" "see $work/tansu.log"; finish; fi
}
broker_up() { kcat -L -b "$broker" -m 2 >/dev/null 2>&1; }

uuid() { cat /proc/sys/kernel/random/uuid; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }   # a ce_time

# The specification's example application (application.md); set .applicationId.
form_template='{"applicationId":"X","submittedAt":"2026-11-22T09:30:00+08:00","channel":"online","handlingRegion":"450103",
"applicant":{"name":"韦明","idNumber":"450103196503151798","gender":"male","birthDate":"1965-03-15","ethnicity":"08",
"category":"worker","phone":"13907710000","address":"南宁市青秀区民族大道100号"},
"employer":{"name":"广西某机械有限公司","creditCode":"91450100398259791F","fiscalFunded":false},
"retirement":{"type":"normal","requestedDate":"2025-06-01"},
"pension":{"bankName":"中国工商银行南宁分行","bankAccount":"6222020402012345678",
"deemedPeriods":[{"from":"1983-07","to":"1992-12","employer":"南宁市第二机械厂"}]},
"medical":{"insuredRegion":"450100","claimDeemedYears":true},
"housingFund":{"accountNo":"450100123456","bankAccount":"6222020402012345678"},
"familyPlanning":{"honorCertificateNo":"桂计光字0012345"},"agent":null}'
