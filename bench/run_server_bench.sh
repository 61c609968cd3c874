#!/usr/bin/env bash
# run_server_bench.sh [ROUNDS] [OUT.tsv] — our echo server (bench/ws_echo_server.ts) through the
# shared wsbench harness, interleaved with the reference servers (raw-deno, deno native, bun, ws).
#
#   WSBENCH=/work/shared/wsbench  harness to use (copied to $WORK so it can be built; default below)
#   BUN=/tmp/bun/node_modules/.bin/bun   Bun binary (npm i bun outside the repo)
#   WORKLOADS="b64_c1_w16 ..."   default: the issue's ladder (64 B pipelined, 1 MiB, connect)
#   IDLE=1   also run idle1000 per server (fresh processes, via bench.sh)
# Output: the TSV, then summarize.py's tables (medians, same-round ratios, server CPU-µs/msg).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
WSBENCH=${WSBENCH:-/work/shared/wsbench}
WORK=${WORK:-/tmp/wsbench}
BUN=${BUN:-/tmp/bun/node_modules/.bin/bun}
DENO=${DENO:-$REPO/node_modules/.bin/deno}
WORKLOADS=${WORKLOADS:-"b64_c1_w16 b64_c64_w16 t64_c64_w16 b1m_c1_w4 t1m_c1_w4 connect_c16"}
export DENO_NO_UPDATE_CHECK=1

if [[ ! -x $WORK/loadgen/wsload ]]; then
  mkdir -p "$WORK" && cp -r "$WSBENCH"/. "$WORK"/ && chmod -R u+w "$WORK"
  make -C "$WORK/loadgen"
fi
[[ -d $WORK/servers/ws-plain/node_modules/ws ]] ||
  (mkdir -p "$WORK/servers/ws-plain" && cd "$WORK/servers/ws-plain" && npm i --no-audit --no-fund ws@8.23.0)
mkdir -p "$WORK/results"
OUT=${2:-$WORK/results/autobahn-ts-$(date +%Y%m%d-%H%M%S).tsv}

LIST=$WORK/servers.autobahn-ts.list
cat >"$LIST" <<LIST
raw-deno|.|$DENO run -A servers/deno_tcp_echo.ts {PORT}|--raw|b64_c1_w16 b64_c64_w16 b1m_c1_w4 connect_c16
ours|$REPO|$DENO run -A bench/ws_echo_server.ts {PORT}||
deno|.|$DENO run -A servers/deno_echo.ts {PORT}||
bun|.|$BUN servers/bun_echo.ts {PORT}||
ws|servers/ws-plain|node ../ws_echo.js {PORT}||
LIST

SERVERS_FILE=$LIST WORKLOADS=$WORKLOADS "$WORK/run_interleaved.sh" "$ROUNDS" "$OUT"
if [[ ${IDLE:-0} == 1 ]]; then
  while IFS='|' read -r name cwd cmd _extra _wl; do
    [[ $name == raw-deno ]] && continue
    (cd "$WORK" && SERVER_CWD=$cwd NAME=$name WORKLOADS=idle1000 \
      ./bench.sh "${cmd//\{PORT\}/18999}" 18999 | awk -v r=1 '{print r "\t" systime() "\t" $0}' >>"$OUT")
  done <"$LIST"
fi
python3 "$WORK/summarize.py" "$OUT"
