#!/usr/bin/env bash
# Times `backprop bench` beside the C yardstick (shared/reference/c-limit) and the Python peers (bench/peers/peers.py:
# the worksheet's own numpy code, numpy in one fused pass, PyTorch autograd), interleaved over several rounds so that
# a noisy machine slows every peer alike, and writes the medians and ratios to docs/PERFORMANCE.md.
# Usage: bench/compare.sh [ROUNDS]     (default 5; installs gcc's and Python's needs from Debian if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
climit="$root/../shared/reference/c-limit"
rounds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# numpy and PyTorch on OpenBLAS, not Debian's reference BLAS (several times slower): installing libopenblas0-pthread
# makes it the system's libblas.so.3 through Debian's alternatives.
if ! /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-torch libopenblas0-pthread >/dev/null
fi
command -v gcc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

echo "building backprop and the C yardstick" >&2
dotnet build "$root/src/Backprop.Cli" -c Release -v quiet -nologo >/dev/null
backprop="$root/src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli"
/usr/bin/python3 "$climit/make_init.py" "$work"
gcc -O3 -march=native -ffast-math -o "$work/climit_fast" "$climit/climit.c" -lm
gcc -O3 -march=native -o "$work/climit_strict" "$climit/climit.c" -lm
# The AVX2 machine class on this machine: the yardstick built for 4-wide vectors (x86-64-v3: AVX2 + FMA, no AVX-512),
# and backprop with the JIT's AVX-512 off, so both take the paths an AVX2-only CPU takes.
avx2=false
if grep -qw avx512f /proc/cpuinfo && grep -qw avx2 /proc/cpuinfo; then
  avx2=true
  gcc -O3 -march=x86-64-v3 -ffast-math -DVW=4 -o "$work/climit_avx2" "$climit/climit.c" -lm
fi

# numpy is measured with the machine's default OpenBLAS settings (see the environment notes), one thread everywhere.
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 "$@"; }
declare -A cfg=([seed]=S [wide]=W [large]=L)
declare -A worksheet_its=([seed]=1000 [wide]=200 [large]=3)
declare -A numpy_its=([seed]=3000 [wide]=500 [large]=10)
declare -A torch_its=([seed]=1000 [wide]=300 [large]=10 [classes]=200 [binary]=500 [mnist]=5)   # the Python peers are slow: fewer iterations

results="$work/results.txt"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  for w in seed wide large; do
    "$backprop" bench --workload "$w" --rounds 3 | sed -E 's/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER backprop \1 \2 \3/' >> "$results"
    if [ "$w" = large ]; then
      "$backprop" bench --workload "$w" --rounds 3 --threads 2 | sed -E 's/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER backprop-2-threads \1 \2 \3/' >> "$results"
    fi
    "$work/climit_fast" c-limit "$work/init_${cfg[$w]}.txt" "${cfg[$w]}" | sed -E "s/ ${cfg[$w]} / $w /" >> "$results"
    if $avx2; then
      DOTNET_EnableAVX512=0 "$backprop" bench --workload "$w" --rounds 3 | sed -E 's/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER backprop-avx2 \1 \2 \3/' >> "$results"
      "$work/climit_avx2" c-limit-avx2 "$work/init_${cfg[$w]}.txt" "${cfg[$w]}" | sed -E "s/ ${cfg[$w]} / $w /" >> "$results"
    fi
    "$work/climit_strict" c-limit-strict "$work/init_${cfg[$w]}.txt" "${cfg[$w]}" | sed -E "s/ ${cfg[$w]} / $w /" >> "$results"
    py "$root/bench/peers/peers.py" numpy "$w" "${numpy_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" torch "$w" "${torch_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" worksheet "$w" "${worksheet_its[$w]}" >> "$results"
  done
  # Shapes the yardstick does not cover: classifiers with many inputs and outputs, against PyTorch.
  for w in classes binary mnist; do
    "$backprop" bench --workload "$w" --rounds 3 | sed -E 's/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER backprop \1 \2 \3/' >> "$results"
    if $avx2; then
      DOTNET_EnableAVX512=0 "$backprop" bench --workload "$w" --rounds 3 | sed -E 's/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER backprop-avx2 \1 \2 \3/' >> "$results"
    fi
    py "$root/bench/peers/peers.py" torch "$w" "${torch_its[$w]}" >> "$results"
  done
done

# The whole job: `backprop train` with its defaults (50,000 iterations, model and figure written), as a process: the
# tool as published for this machine's runtime (ReadyToRun), and as `dotnet build` leaves it (compiled at start).
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
published="$backprop"
if [ -n "$rid" ]; then
  dotnet publish "$root/src/Backprop.Cli" -c Release -r "$rid" --self-contained false -o "$work/published" -v quiet -nologo >/dev/null
  published="$work/published/Backprop.Cli"
fi
process="$work/process.txt"; process_jit="$work/process-jit.txt"
for run in $(seq "$rounds"); do
  (cd "$work" && /usr/bin/time -f "PROCESS %e %M" "$published" train --quiet 2>&1 >/dev/null | grep '^PROCESS' >> "$process")
  (cd "$work" && /usr/bin/time -f "PROCESS %e %M" "$backprop" train --quiet 2>&1 >/dev/null | grep '^PROCESS' >> "$process_jit")
done

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
versions="$(dotnet --version | sed 's/^/.NET SDK /'); $(gcc --version | head -1); $(py -c 'import numpy, torch, sys; print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}, PyTorch {torch.__version__}")')"
/usr/bin/python3 - "$results" "$rounds" "$machine" "$versions" "$process" "$process_jit" "$rid" > "$root/docs/PERFORMANCE.md" <<'PY'
import statistics, sys, datetime
path, rounds, machine, versions, process, process_jit, rid = sys.argv[1:8]
times, costs = {}, {}
for line in open(path):
    _, peer, workload, us, cost = line.split()
    times.setdefault((peer, workload), []).append(float(us))
    costs[(peer, workload)] = cost
peers = ["backprop", "backprop-2-threads", "c-limit", "c-limit-strict", "backprop-avx2", "c-limit-avx2", "numpy", "torch", "worksheet"]
reference = {"backprop-avx2": "c-limit-avx2", "c-limit-avx2": "c-limit-avx2"}   # the AVX2 class is judged against its own yardstick
names = {"backprop": "**backprop** (C#, 1 thread)", "backprop-2-threads": "**backprop**, `--threads 2`",
         "c-limit": "c-limit (C, gcc -O3 -march=native -ffast-math)", "c-limit-strict": "c-limit-strict (C, without -ffast-math)",
         "backprop-avx2": "**backprop**, AVX2 paths (`DOTNET_EnableAVX512=0`), ratio to c-limit-avx2",
         "c-limit-avx2": "c-limit-avx2 (C, -march=x86-64-v3 -DVW=4 -ffast-math)",
         "numpy": "numpy, one fused pass", "torch": "PyTorch autograd, float64, 1 thread", "worksheet": "the worksheet's numpy code"}
workloads = [("seed", "[1,6,7,2], N=100"), ("wide", "[1,50,50,2], N=100"), ("large", "[1,128,128,2], N=4096")]
median = {k: statistics.median(v) for k, v in times.items()}
best = {k: min(v) for k, v in times.items()}
print("# Performance\n")
print("Microseconds per training iteration (one fused forward and backward pass and the step), float64, the median of "
      f"{rounds} interleaved rounds, and each peer's time divided by c-limit's (lower is faster); then the best round of "
      "each, divided by c-limit's best. The workloads are those of the C yardstick `shared/reference/c-limit`: heart data, "
      "seed-1 weights, full batch, noise 0. The machine shares its cores with others: in busy stretches every peer slows, "
      "by up to half, and a median can catch one peer in such a stretch; the best rounds show the machine when quiet.\n")
print("| peer | " + " | ".join(f"{w} {d}" for w, d in workloads) + " |")
print("|---|" + "---|" * len(workloads))
peers = [p for p in peers if any((p, w) in median for w, _ in workloads)]
for p in peers:
    cells = []
    for w, _ in workloads:
        if (p, w) not in median: cells.append("—"); continue
        r = reference.get(p, "c-limit")
        cells.append(f"{median[(p, w)]:,.1f} µs ({median[(p, w)] / median[(r, w)]:.2f}×); "
                     f"best {best[(p, w)]:,.1f} µs ({best[(p, w)] / best[(r, w)]:.2f}×)")
    print(f"| {names[p]} | " + " | ".join(cells) + " |")
def wall_times(file):
    walls, peaks = zip(*[(float(w), int(kb)) for _, w, kb in (line.split() for line in open(file))])
    return walls, peaks
classifiers = [("classes", "[64,32,10] relu, softmax, N=1,347"), ("binary", "[30,16,1] relu, logistic, N=426"),
               ("mnist", "[784,128,10] relu, softmax, N=10,000")]
print("\nShapes the yardstick does not cover: classifiers with many inputs and outputs (`backprop bench --workload "
      "classes|binary|mnist`; digit-shaped data, standardised, cross-entropy, Adam at 0.001, full batch), against PyTorch "
      "written as its users write them (nn.Linear, the fused CrossEntropyLoss or BCEWithLogitsLoss, torch.optim.Adam; "
      "float64, one thread, OpenBLAS). Microseconds per iteration, median of the rounds, and how many times faster than "
      "PyTorch:\n")
print("| peer | " + " | ".join(f"{w} {d}" for w, d in classifiers) + " |")
print("|---|" + "---|" * len(classifiers))
short = {"backprop": "**backprop** (C#, 1 thread)", "backprop-avx2": "**backprop**, AVX2 paths (`DOTNET_EnableAVX512=0`)",
         "torch": "PyTorch, float64, 1 thread"}
for p in short:
    if not any((p, w) in median for w, _ in classifiers): continue
    cells = [f"{median[(p, w)]:,.1f} µs ({median[('torch', w)] / median[(p, w)]:.2f}× faster)" if (p, w) in median else "—"
             for w, _ in classifiers]
    print(f"| {short[p]} | " + " | ".join(cells).replace(" (1.00× faster)", "") + " |")
walls, peaks = wall_times(process)
jit_walls, _ = wall_times(process_jit)
form = f"published for {rid} (`dotnet publish -r {rid}`: ReadyToRun)" if rid else "as built"
print(f"\nThe whole job, `backprop train` with no arguments (50,000 iterations, `model.json` and `training.png` written), "
      f"as a fresh process, the tool {form}: **{statistics.median(walls):.2f} s** wall (median of {len(walls)}, from "
      f"{min(walls):.2f} to {max(walls):.2f} s), peak resident memory {max(peaks) / 1024:.0f} MiB; as `dotnet build` leaves it "
      f"(every method compiled at start): {statistics.median(jit_walls):.2f} s (from {min(jit_walls):.2f} to {max(jit_walls):.2f} s). "
      "The worksheet says 10,000 iterations take about a minute.")
print("\nFinal costs. backprop and c-limit run the same iterations (seed 10,000, wide 2,000, large 100) and agree up to the "
      "rounding differences that the sensitive phases of these runs amplify. The Python peers are slow, so they run fewer "
      "iterations (seed 1,000 to 3,000, wide 200 to 500, large 3 to 10) and their costs are not comparable:\n")
print("| peer | " + " | ".join(w for w, _ in workloads) + " |")
print("|---|" + "---|" * len(workloads))
for p in peers:
    print(f"| {p} | " + " | ".join(costs.get((p, w), "—")[:12] for w, _ in workloads) + " |")
print(f"\nMachine: {machine}. Versions: {versions}.  ")
print(f"Made {datetime.date.today()} by `bench/compare.sh {rounds}` (peers in `bench/peers/peers.py`; "
      "the C yardstick built from `shared/reference/c-limit` as its `run.sh` builds it).")
print("\nThe per-iteration figures of `backprop` come from `backprop bench`; BenchmarkDotNet measures the same iteration "
      "(`dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'`) and reports 0 bytes allocated per iteration.")
PY
cat "$root/docs/PERFORMANCE.md"
