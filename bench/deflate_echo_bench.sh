#!/usr/bin/env bash
# deflate_echo_bench.sh — permessage-deflate (RFC 7692) on vs off, end to end, over a payload
# ladder (64 B, 64 KiB, 1 MiB; binary = random bytes, text = ASCII JSON), for our echo server
# (bench/ws_echo_server.ts, DEFLATE=1 accepts the offer) and the `ws` reference server
# (wsbench servers/ws_echo.js, DEFLATE=1 = perMessageDeflate: true).
#
#   bench/deflate_echo_bench.sh [ROUNDS] [OUT.tsv]
#
# "on" = the server accepts deflate and wsload is run with --deflate (it compresses every message
# independently and inflates the echoes); "off" = plain server, plain wsload. Rounds are
# interleaved and the server order is rotated each round, so compare same-round ratios (this is a
# shared 2-core machine). Server pinned to SERVER_CPU (1), wsload to CLIENT_CPU (0).
#
# Environment: WSBENCH (/tmp/wsbench, a built copy of /work/shared/wsbench), WARMUP (0.5),
# DURATION (2), PORT (18431), ONLY="ours-off ours-on ws-off ws-on".
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROUNDS=${1:-3}
OUT=${2:-$HERE/results/deflate_echo.tsv}
WSBENCH=${WSBENCH:-/tmp/wsbench}
WSLOAD=$WSBENCH/loadgen/wsload
DENO=${DENO:-$ROOT/node_modules/.bin/deno}
WARMUP=${WARMUP:-0.5}; DURATION=${DURATION:-2}
PORT=${PORT:-18431}
SERVER_CPU=${SERVER_CPU:-1}; CLIENT_CPU=${CLIENT_CPU:-0}
ONLY=${ONLY:-"ours-off ours-on ws-off ws-on"}
export DENO_NO_UPDATE_CHECK=1
[[ -x $WSLOAD ]] || { echo "build the load generator first: make -C $WSBENCH/loadgen" >&2; exit 2; }
mkdir -p "$(dirname "$OUT")"
ulimit -n 20000 2>/dev/null || true

# workload -> wsload echo arguments (the payload ladder)
declare -A WL=(
  [b64]="-c 1 -w 16 -s 64 -t binary"
  [t64]="-c 1 -w 16 -s 64 -t text"
  [b64k]="-c 1 -w 4 -s 65536 -t binary"
  [t64k]="-c 1 -w 4 -s 65536 -t text"
  [b1m]="-c 1 -w 4 -s 1048576 -t binary"
  [t1m]="-c 1 -w 4 -s 1048576 -t text"
)
LADDER="b64 t64 b64k t64k b1m t1m"

server_cmd() { # name -> "cwd|env|command"
  case $1 in
    ours-off) echo "$ROOT|DEFLATE=0|$DENO run -A $ROOT/bench/ws_echo_server.ts $PORT" ;;
    ours-on) echo "$ROOT|DEFLATE=1|$DENO run -A $ROOT/bench/ws_echo_server.ts $PORT" ;;
    ws-off) echo "$WSBENCH/servers/ws-plain|DEFLATE=0|node ../ws_echo.js $PORT" ;;
    ws-on) echo "$WSBENCH/servers/ws-plain|DEFLATE=1|node ../ws_echo.js $PORT" ;;
  esac
}
listening() { [[ -n $(ss -ltnH "sport = :$PORT" 2>/dev/null) ]]; }

run_server() { # name round
  local name=$1 round=$2 spec cwd envv cmd spid extra=""
  spec=$(server_cmd "$name"); cwd=${spec%%|*}; spec=${spec#*|}; envv=${spec%%|*}; cmd=${spec#*|}
  [[ $name == *-on ]] && extra=--deflate
  ( cd "$cwd" && exec env "$envv" setsid taskset -c "$SERVER_CPU" $cmd ) >>"$HERE/results/deflate_server.log" 2>&1 </dev/null &
  spid=$!
  for _ in $(seq 300); do listening && break; sleep 0.1; done
  sleep 0.3
  for w in $LADDER; do
    # shellcheck disable=SC2086
    res=$(taskset -c "$CLIENT_CPU" timeout 60 "$WSLOAD" echo ${WL[$w]} -W "$WARMUP" -d "$DURATION" \
      -p "$PORT" --pids "$spid" $extra 2>>"$HERE/results/deflate_server.log") || true
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$w" "${res:-error=no_output}" | tee -a "$OUT"
  done
  kill -TERM -- "-$spid" 2>/dev/null || kill -TERM "$spid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  while listening; do sleep 0.1; done
}

read -r -a NAMES <<<"$ONLY"
for ((r = 1; r <= ROUNDS; r++)); do
  n=${#NAMES[@]}
  for ((i = 0; i < n; i++)); do run_server "${NAMES[$(((i + r - 1) % n))]}" "$r"; done
done

# Medians over rounds of msgs/s (64 B) or MB/s (64 KiB, 1 MiB), and the median of same-round
# on/off ratios per server.
python3 - "$OUT" <<'EOF'
import sys, statistics as st, collections
rows = collections.defaultdict(dict)  # (round, server, wl) -> metrics
for line in open(sys.argv[1]):
    r, name, wl, kv = line.rstrip("\n").split("\t", 3)
    d = dict(x.split("=", 1) for x in kv.split() if "=" in x)
    rows[(r, name, wl)] = d
def val(d, wl):
    k = "msgs_per_s" if wl.endswith("64") else "MB_per_s"
    try: return float(d[k].rstrip("%"))
    except (KeyError, ValueError): return None
def cpu_per(d, wl):  # server CPU-µs per message
    try: return float(d["server_cpu"].rstrip("%")) * 1e4 / float(d["msgs_per_s"])
    except (KeyError, ValueError, ZeroDivisionError): return None
wls = ["b64", "t64", "b64k", "t64k", "b1m", "t1m"]
rounds = sorted({k[0] for k in rows})
print("| payload | unit | ours off | ours on | on/off | ws off | ws on | on/off |")
print("|---|---|---|---|---|---|---|---|")
for wl in wls:
    unit = "msg/s" if wl.endswith("64") else "MB/s"
    cells = []
    for srv in ("ours", "ws"):
        med = {}
        for mode in ("off", "on"):
            v = [val(rows[(r, f"{srv}-{mode}", wl)], wl) for r in rounds if (r, f"{srv}-{mode}", wl) in rows]
            v = [x for x in v if x is not None]
            med[mode] = st.median(v) if v else None
        ratios = []
        for r in rounds:
            a, b = rows.get((r, f"{srv}-off", wl)), rows.get((r, f"{srv}-on", wl))
            if a and b and val(a, wl) and val(b, wl) is not None: ratios.append(val(b, wl) / val(a, wl))
        fmt = lambda x: "-" if x is None else (f"{x:,.0f}" if x >= 100 else f"{x:.1f}")
        cells += [fmt(med["off"]), fmt(med["on"]), f"{st.median(ratios):.2f}" if ratios else "-"]
    print(f"| {wl} | {unit} | " + " | ".join(cells) + " |")
print()
print("server CPU-µs per message (median over rounds):")
print("| payload | ours off | ours on | ws off | ws on |")
print("|---|---|---|---|---|")
for wl in wls:
    cells = []
    for s in ("ours-off", "ours-on", "ws-off", "ws-on"):
        v = [cpu_per(rows[(r, s, wl)], wl) for r in rounds if (r, s, wl) in rows]
        v = [x for x in v if x is not None]
        cells.append(f"{st.median(v):,.1f}" if v else "-")
    print(f"| {wl} | " + " | ".join(cells) + " |")
EOF
