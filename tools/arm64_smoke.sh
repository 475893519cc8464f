#!/usr/bin/env bash
# Runs cwmp on emulated ARM64: Deno's `@deno/linux-arm64-glibc` under qemu-user-static, with a
# Debian arm64 sysroot for its dynamic loader and libc. Checks `deno --version`, runs the pure
# CPE unit tests, then `cwmp cpe run` end to end against `cwmp acs serve` (x86 Deno, loopback,
# file: database) and reports start-to-first-Inform and the agent's RSS. Setup is idempotent:
# packages, the Deno binary, the sysroot and the npm cache are kept in $CWMP_ARM64_DIR.
#
#     tools/arm64_smoke.sh [--runs N] [--no-tests] [--x86] [--cpe-only]
#
#   --runs N     measured agent runs after one warm-up run (default 3)
#   --no-tests   skip the unit tests (about 5 minutes under qemu on 2 cores)
#   --x86        also measure the same agent runs with the host's Deno, for comparison
#   --cpe-only   also measure, on arm64, an entry point that imports only `cpe run` (no ACS,
#                so no libsql native addon), to see what the CLI's static ACS imports cost
#
# Environment: CWMP_ARM64_DIR (default /tmp/cwmp-arm64), DENO_ARM64_VERSION (default 2.9.5: the
# registry here lacks 2.9.6's non-x64 packages). Installing qemu and the sysroot needs root
# (apt-get) the first time. Linux x86_64 hosts only; binfmt_misc is not needed.
set -euo pipefail

RUNS=3
RUN_TESTS=1
COMPARE_X86=0
CPE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --no-tests) RUN_TESTS=0; shift ;;
    --x86) COMPARE_X86=1; shift ;;
    --cpe-only) CPE_ONLY=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "arm64_smoke: unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${CWMP_ARM64_DIR:-/tmp/cwmp-arm64}"
VERSION="${DENO_ARM64_VERSION:-2.9.5}"
SYSROOT="$DIR/sysroot"
ARM_DENO="$DIR/deno-$VERSION/package/deno"
HOST_DENO="$(command -v deno)"
IDLE_SECONDS=3
export NO_COLOR=1

say() { printf 'arm64_smoke: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

setup_qemu() {
  command -v qemu-aarch64-static >/dev/null && return
  say "installing qemu-user-static"
  as_root apt-get update -qq
  as_root apt-get install -y -qq qemu-user-static >/dev/null
}

setup_deno() {
  [ -x "$ARM_DENO" ] && return
  say "fetching @deno/linux-arm64-glibc@$VERSION"
  mkdir -p "$DIR/deno-$VERSION"
  (cd "$DIR/deno-$VERSION" && npm pack --silent "@deno/linux-arm64-glibc@$VERSION" >/dev/null &&
    tar xzf "deno-linux-arm64-glibc-$VERSION.tgz")
  [ -x "$ARM_DENO" ] || fail "no deno binary in @deno/linux-arm64-glibc@$VERSION"
}

# Deno (and libsql's native addon) need only ld-linux, libc, libm, libdl, libpthread, libgcc_s.
setup_sysroot() {
  [ -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ] && return
  say "building the arm64 sysroot in $SYSROOT"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    as_root dpkg --add-architecture arm64
    as_root apt-get update -qq
  fi
  mkdir -p "$DIR/debs" "$SYSROOT"
  (cd "$DIR/debs" && apt-get download -qq libc6:arm64 libgcc-s1:arm64 2>/dev/null)
  for deb in "$DIR"/debs/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
}

arm_deno() {
  DENO_DIR="$DIR/deno_dir" qemu-aarch64-static -L "$SYSROOT" "$ARM_DENO" "$@"
}

# Runs SQL on the ACS database with the host's Deno; prints the rows as JSON lines.
query() {
  (cd "$ROOT" && "$HOST_DENO" eval --quiet --frozen "
    import { createClient } from '@libsql/client';
    const db = createClient({ url: 'file:$1' });
    for (const row of (await db.execute(\`$2\`)).rows) console.log(JSON.stringify(row));
    db.close();")
}

WORK=""
ACS_PID=""
AGENT_PID=""
cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null || true
  [ -n "$ACS_PID" ] && kill "$ACS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT

start_acs() {
  # Newer `acs serve` also opens the northbound API (default port 7557): keep it off the way.
  local api=()
  (cd "$ROOT" && "$HOST_DENO" run -A main.ts acs serve --help) | grep -q -- --api-listen &&
    api=(--api-listen 127.0.0.1:0)
  (cd "$ROOT" && exec "$HOST_DENO" run -A main.ts acs serve --listen 127.0.0.1:0 "${api[@]}" \
    --db "file:$WORK/acs.db" --cpe-auth open) 2>"$WORK/acs.log" &
  ACS_PID=$!
  local i
  for i in $(seq 1 300); do
    ACS_URL="$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$WORK/acs.log" | cut -d' ' -f3 || true)"
    [ -n "$ACS_URL" ] && return
    kill -0 "$ACS_PID" 2>/dev/null || fail "the ACS did not start: $(cat "$WORK/acs.log")"
    sleep 0.1
  done
  fail "the ACS did not say where it listens"
}

# One agent run from an empty state: spawn, wait for its boot session to end, idle, read RSS,
# SIGTERM. Appends "serial start_ms hwm_kib rss_kib native_addon heap_kib rwx_kib" to
# $WORK/ARCH.runs: under qemu, [heap] is qemu's own malloc heap and the anonymous rwx mapping its
# buffer of translated code, so RSS minus both approximates what the emulated Deno touched.
agent_run() {
  local arch="$1" serial="$2"
  local config="$WORK/$serial.json" log="$WORK/$serial.log"
  printf '{"acs":{"url":"%s/"},"identity":{"oui":"00D09E","serialNumber":"%s"},"model":"igd",%s}\n' \
    "$ACS_URL" "$serial" \
    "\"stateFile\":\"$serial-state.json\",\"connectionRequest\":{\"listen\":\"127.0.0.1:0\"},\"periodicInform\":{\"enabled\":false}" \
    >"$config"
  local started
  started="$(date +%s%3N)"
  if [ "$arch" = arm64 ]; then
    (cd "$ROOT" && DENO_DIR="$DIR/deno_dir" exec qemu-aarch64-static -L "$SYSROOT" "$ARM_DENO" \
      run -A --frozen main.ts cpe run --config "$config") 2>"$log" &
  elif [ "$arch" = arm64cpe ]; then
    (cd "$ROOT" && DENO_DIR="$DIR/deno_dir" exec qemu-aarch64-static -L "$SYSROOT" "$ARM_DENO" \
      run -A --frozen "$WORK/cpe_only.ts" "$config") 2>"$log" &
  else
    (cd "$ROOT" && exec "$HOST_DENO" run -A --frozen main.ts cpe run --config "$config") \
      2>"$log" &
  fi
  AGENT_PID=$!
  local i
  for i in $(seq 1 1800); do
    grep -q 'session ok' "$log" && break
    kill -0 "$AGENT_PID" 2>/dev/null || fail "$arch agent exited: $(cat "$log")"
    sleep 0.1
  done
  grep -q 'session ok' "$log" || fail "$arch agent: no session in 180 s: $(cat "$log")"
  sleep "$IDLE_SECONDS"
  local hwm rss addon=no
  hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$AGENT_PID/status")"
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$AGENT_PID/status")"
  grep -q 'libsql.*\.node' "/proc/$AGENT_PID/maps" && addon=yes
  local split
  split="$(awk '/^[0-9a-f]+-[0-9a-f]+ / { perm = $2; name = $6 }
    /^Rss:/ { if (name == "[heap]") h += $2; else if (perm == "rwxp" && name == "") x += $2 }
    END { print h + 0, x + 0 }' "/proc/$AGENT_PID/smaps")"
  kill -TERM "$AGENT_PID"
  local code=0
  wait "$AGENT_PID" || code=$?
  AGENT_PID=""
  [ "$code" = 0 ] || fail "$arch agent exited with $code after SIGTERM: $(cat "$log")"
  echo "$serial $started $hwm $rss $addon $split" >>"$WORK/$arch.runs"
}

# Runs the warm-up and $RUNS measured runs; checks the ACS recorded each completed session and
# prints the figures.
measure() {
  local arch="$1" n serial started hwm rss addon heap rwx inform at
  for n in $(seq 0 "$RUNS"); do agent_run "$arch" "${arch^^}RUN$n"; done
  # The first run is the warm-up (it fills Deno's caches, as on a device after its first start).
  say "$arch: start to first Inform is the ACS's sessions.started_at minus the spawn time"
  tail -n +2 "$WORK/$arch.runs" | while read -r serial started hwm rss addon heap rwx; do
    inform="$(query "$WORK/acs.db" "SELECT started_at, \"end\", exchanges FROM sessions
      WHERE device_id = '00D09E-Gateway-$serial' ORDER BY started_at")"
    [ "$(wc -l <<<"$inform")" = 1 ] || fail "$serial: expected one session, got: $inform"
    grep -q '"end":"completed"' <<<"$inform" || fail "$serial: session not completed: $inform"
    at="$(sed -E 's/.*"started_at":([0-9]+).*/\1/' <<<"$inform")"
    awk -v a="$arch" -v s="$serial" -v ms=$((at - started)) -v h="$hwm" -v r="$rss" -v n="$addon" \
      -v hp="$heap" -v x="$rwx" -v q="${arch%%cpe}" \
      'BEGIN { printf "%s %s: first Inform %d ms, VmHWM %.1f MiB, VmRSS idle %.1f MiB", a, s, ms,
        h / 1024, r / 1024
        if (q == "arm64") printf " (qemu heap %.1f, translated code %.1f, rest %.1f MiB)",
          hp / 1024, x / 1024, (r - hp - x) / 1024
        printf ", libsql native addon mapped: %s\n", n }'
  done
}

setup_qemu
setup_deno
setup_sysroot
WORK="$(mktemp -d /tmp/cwmp-arm64-run-XXXXXX)"

say "$(arm_deno --version | head -1)"
arm_deno eval 'if (Deno.build.arch !== "aarch64") throw new Error(Deno.build.arch)' ||
  fail "not running as aarch64"

if [ "$RUN_TESTS" = 1 ]; then
  say "unit tests: deno test -A --frozen cpe/model/ cpe/handlers/ (arm64)"
  (cd "$ROOT" && arm_deno test -A --frozen cpe/model/ cpe/handlers/) >"$WORK/test.log" 2>&1 ||
    { tail -40 "$WORK/test.log" >&2; fail "unit tests failed under arm64"; }
  say "$(grep -E '^(ok|FAILED) \|' "$WORK/test.log")"
fi

start_acs
say "ACS (host Deno) at $ACS_URL, db $WORK/acs.db"
measure arm64
if [ "$CPE_ONLY" = 1 ]; then
  cat >"$WORK/cpe_only.ts" <<TS
import { run } from "$ROOT/cli/commands/cpe_run.ts";
import { createDenoIo } from "$ROOT/cli/io.ts";
Deno.exit(await run({ config: Deno.args[0] ?? "" }, createDenoIo()));
TS
  measure arm64cpe
fi
if [ "$COMPARE_X86" = 1 ]; then measure x86; fi
say "OK"
