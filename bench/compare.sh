#!/usr/bin/env bash
# Times `backprop bench` beside the C yardstick (shared/reference/c-limit) and the Python peers (bench/peers/peers.py:
# the worksheet's own numpy code, numpy in one fused pass, PyTorch autograd), in float64 and in float32 (c-limit-f32,
# PyTorch's default dtype, and backprop's once `backprop bench --precision` exists), interleaved over several rounds so
# that a noisy machine slows every peer alike, measures one core's FMA peak per precision (bench/fma-peak), and writes
# the medians and ratios to docs/PERFORMANCE.md: one section per machine class (the CPU's name, family and model, and
# its widest vectors), replacing only this machine's class and keeping the others and the hand-written sections at the end.
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
# float32 as the yardstick's run.sh builds it (-DSINGLE). Its rows of 72 floats are not 64-byte aligned, so on AVX-512
# (16 floats a vector) it faults; then the widest vectors its strides allow are taken, 8 floats (-DVW=8), and said so.
climit_f32_flags=(-O3 -march=native -ffast-math -DSINGLE)
gcc "${climit_f32_flags[@]}" -o "$work/climit_f32" "$climit/climit.c" -lm
if ! { "$work/climit_f32" probe "$work/init_S.txt" S 1 >/dev/null; } 2>/dev/null; then
  echo "c-limit-f32 faults as run.sh builds it: building it for 8-wide vectors (-DVW=8)" >&2
  climit_f32_flags+=(-DVW=8)
  gcc "${climit_f32_flags[@]}" -o "$work/climit_f32" "$climit/climit.c" -lm
fi
# One core's FMA peak per precision, on the widest vectors the machine has (and, below, on the AVX2 class's).
gcc -O3 -march=native -ffp-contract=fast -o "$work/fma_peak" "$root/bench/fma-peak/fma_peak.c"
# The AVX2 machine class on this machine: the yardstick built for 4-wide vectors (x86-64-v3: AVX2 + FMA, no AVX-512),
# and backprop with the JIT's AVX-512 off, so both take the paths an AVX2-only CPU takes.
avx2=false
if grep -qw avx512f /proc/cpuinfo && grep -qw avx2 /proc/cpuinfo; then
  avx2=true
  gcc -O3 -march=x86-64-v3 -ffast-math -DVW=4 -o "$work/climit_avx2" "$climit/climit.c" -lm
  gcc -O3 -march=x86-64-v3 -ffast-math -DVW=8 -DSINGLE -o "$work/climit_avx2_f32" "$climit/climit.c" -lm   # 8 floats: 256 bits
  gcc -O3 -march=x86-64-v3 -ffp-contract=fast -o "$work/fma_peak_avx2" "$root/bench/fma-peak/fma_peak.c"
fi
# backprop in float32 once `backprop bench` has --precision (until then its float32 rows show "—").
f32=false
bench_help=$("$backprop" bench --help 2>&1 || true)
if grep -q -- '--precision' <<<"$bench_help"; then f32=true; fi

# numpy is measured with the machine's default OpenBLAS settings (see the environment notes), one thread everywhere.
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 "$@"; }
declare -A cfg=([seed]=S [wide]=W [large]=L)
declare -A worksheet_its=([seed]=1000 [wide]=200 [large]=3)
declare -A numpy_its=([seed]=3000 [wide]=500 [large]=10)
declare -A torch_its=([seed]=1000 [wide]=300 [large]=10 [classes]=200 [binary]=500 [mnist]=5)   # the Python peers are slow: fewer iterations

# `backprop bench` under a peer's name: bench PEER WORKLOAD [OPTION...]
bench() {
  local peer=$1 w=$2; shift 2
  "$backprop" bench --workload "$w" --rounds 3 "$@" \
    | sed -E "s/.*workload=([a-z]+).*us_per_iteration=([0-9.]+) cost=([^ ]+).*/PEER $peer \\1 \\2 \\3/" >> "$results"
}
# the C yardstick under a peer's name, built as climit_fast (c-limit) or climit_<the rest, - as _>: climit PEER WORKLOAD
climit() {
  local exe=climit_fast rest=${1#c-limit-}
  if [ "$1" != c-limit ]; then exe=climit_${rest//-/_}; fi
  "$work/$exe" "$1" "$work/init_${cfg[$2]}.txt" "${cfg[$2]}" | sed -E "s/ ${cfg[$2]} / $2 /" >> "$results"
}

results="$work/results.txt"; peaks="$work/peaks.txt"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  "$work/fma_peak" fma-peak >> "$peaks" 2>/dev/null
  if $avx2; then "$work/fma_peak_avx2" fma-peak-avx2 >> "$peaks" 2>/dev/null; fi
  for w in seed wide large; do
    bench backprop "$w"
    if [ "$w" = large ]; then bench backprop-2-threads "$w" --threads 2; fi
    climit c-limit "$w"
    if $avx2; then
      DOTNET_EnableAVX512=0 bench backprop-avx2 "$w"
      climit c-limit-avx2 "$w"
    fi
    climit c-limit-strict "$w"
    if $f32; then bench backprop-f32 "$w" --precision float32; fi
    climit c-limit-f32 "$w"
    if $avx2; then
      if $f32; then DOTNET_EnableAVX512=0 bench backprop-avx2-f32 "$w" --precision float32; fi
      climit c-limit-avx2-f32 "$w"
    fi
    py "$root/bench/peers/peers.py" numpy "$w" "${numpy_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" torch "$w" "${torch_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" torch32 "$w" "${torch_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" worksheet "$w" "${worksheet_its[$w]}" >> "$results"
  done
  # Shapes the yardstick does not cover: classifiers with many inputs and outputs, against PyTorch.
  for w in classes binary mnist; do
    bench backprop "$w"
    if $avx2; then DOTNET_EnableAVX512=0 bench backprop-avx2 "$w"; fi
    if $f32; then
      bench backprop-f32 "$w" --precision float32
      if $avx2; then DOTNET_EnableAVX512=0 bench backprop-avx2-f32 "$w" --precision float32; fi
    fi
    py "$root/bench/peers/peers.py" torch "$w" "${torch_its[$w]}" >> "$results"
    py "$root/bench/peers/peers.py" torch32 "$w" "${torch_its[$w]}" >> "$results"
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

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1) (family $(awk -F': *' '/^cpu family/ {print $2; exit}' /proc/cpuinfo) model $(awk -F': *' '/^model[[:space:]]*:/ {print $2; exit}' /proc/cpuinfo)), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
# The machine class: the CPU's name, its core (AMD's, by family and model; others' family and model), and the widest vectors it has.
family=$(awk -F': *' '/^cpu family/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
model=$(awk -F': *' '/^model[[:space:]]*:/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
vectors=$(if grep -qw avx512f /proc/cpuinfo; then echo "AVX-512"; elif grep -qw avx2 /proc/cpuinfo; then echo "AVX2, no AVX-512"; else uname -m; fi)
core=""
if grep -q AuthenticAMD /proc/cpuinfo 2>/dev/null; then
  case "$family" in
    23) if [ "${model:-0}" -ge 49 ]; then core=" (Zen 2)"; else core=" (Zen 1)"; fi ;;
    25) if [ "${model:-0}" -ge 16 ] && [ "${model:-0}" -lt 32 ] || [ "${model:-0}" -ge 96 ]; then core=" (Zen 4)"; else core=" (Zen 3)"; fi ;;
    26) core=" (Zen 5)" ;;
  esac
fi
class="$(lscpu | sed -n 's/^Model name: *//p' | head -1)${core:-, family $family model $model}, $vectors"
versions="$(dotnet --version | sed 's/^/.NET SDK /'); $(gcc --version | head -1); $(py -c 'import numpy, torch, sys; print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}, PyTorch {torch.__version__}")')"
# The hand-written sections at the end of the doc (from the playground's heading on: the playground, where the whole job's time goes) are kept as they are.
doc="$root/docs/PERFORMANCE.md"; kept="$work/kept.md"
awk '/^## The playground while it draws neuron pictures$/ { keep = 1 } keep' "$doc" > "$kept" 2>/dev/null || true
/usr/bin/python3 - "$results" "$rounds" "$machine" "$versions" "$process" "$process_jit" "$rid" "$peaks" "${climit_f32_flags[*]}" "$f32" "$class" \
  > "$work/section.md" <<'PY'
import statistics, sys, datetime
path, rounds, machine, versions, process, process_jit, rid, peaks_path, climit_f32_flags, f32, machine_class = sys.argv[1:12]
times, costs = {}, {}
for line in open(path):
    _, peer, workload, us, cost = line.split()
    times.setdefault((peer, workload), []).append(float(us))
    costs[(peer, workload)] = cost
peak, lanes = {}, {}   # GFLOP/s, the best of the rounds, by (peak's name, precision)
for line in open(peaks_path):
    _, name, precision, n, gflops = line.split()
    peak[(name, precision)] = max(peak.get((name, precision), 0), float(gflops))
    lanes[(name, precision)] = int(n)
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
print(f"## {machine_class}\n")
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

# float32: the yardstick built with -DSINGLE, PyTorch in its default dtype, backprop once it has --precision float32
peers32 = ["backprop-f32", "c-limit-f32", "backprop-avx2-f32", "c-limit-avx2-f32", "torch32"]
reference32 = {"backprop-avx2-f32": "c-limit-avx2-f32", "c-limit-avx2-f32": "c-limit-avx2-f32"}
vw8 = "-DVW=8" in climit_f32_flags.split()
names32 = {"backprop-f32": "**backprop** (C#, 1 thread), `--precision float32`",
           "c-limit-f32": f"c-limit-f32 (C, gcc {climit_f32_flags})",
           "backprop-avx2-f32": "**backprop**, AVX2 paths (`DOTNET_EnableAVX512=0`), `--precision float32`, ratio to c-limit-avx2-f32",
           "c-limit-avx2-f32": "c-limit-avx2-f32 (C, -march=x86-64-v3 -DVW=8 -DSINGLE -ffast-math)",
           "torch32": "PyTorch autograd, float32, 1 thread"}
avx2_class = any(("c-limit-avx2-f32", w) in median for w, _ in workloads)
peers32 = [p for p in peers32 if any((p, w) in median for w, _ in workloads)
           or p == "backprop-f32" or (p == "backprop-avx2-f32" and avx2_class)]
print(("\nThe same in float32, each peer's time divided by c-limit-f32's: the yardstick built with `-DSINGLE` (float32 "
       "throughout, twice the elements per vector; its cost is summed in double), PyTorch in float32, its default dtype. "
       + ("" if f32 == "true" else "backprop has no float32 path yet (`backprop bench` lists no `--precision`): its rows "
                                   "show —. ")
       + ("On AVX-512 the yardstick's 16-wide float32 build faults (its tile rows of 72 floats are not 64-byte aligned), "
          "so c-limit-f32 here is built for 8-wide vectors (`-DVW=8`, 256 bits) and is no faster than the AVX2 class's."
          if vw8 else "")).rstrip() + "\n")
print("| peer | " + " | ".join(f"{w} {d}" for w, d in workloads) + " |")
print("|---|" + "---|" * len(workloads))
for p in peers32:
    cells = []
    for w, _ in workloads:
        r = reference32.get(p, "c-limit-f32")
        if (p, w) not in median or (r, w) not in median: cells.append("—"); continue
        cells.append(f"{median[(p, w)]:,.1f} µs ({median[(p, w)] / median[(r, w)]:.2f}×); "
                     f"best {best[(p, w)]:,.1f} µs ({best[(p, w)] / best[(r, w)]:.2f}×)")
    print(f"| {names32[p]} | " + " | ".join(cells) + " |")
def wall_times(file):
    walls, peaks = zip(*[(float(w), int(kb)) for _, w, kb in (line.split() for line in open(file))])
    return walls, peaks
classifiers = [("classes", "[64,32,10] relu, softmax, N=1,347"), ("binary", "[30,16,1] relu, logistic, N=426"),
               ("mnist", "[784,128,10] relu, softmax, N=10,000")]
print("\nShapes the yardstick does not cover: classifiers with many inputs and outputs (`backprop bench --workload "
      "classes|binary|mnist`; digit-shaped data, standardised, cross-entropy, Adam at 0.001, full batch), against PyTorch "
      "written as its users write them (nn.Linear, the fused CrossEntropyLoss or BCEWithLogitsLoss, torch.optim.Adam; "
      "float64, one thread, OpenBLAS), and in float32 against PyTorch in float32, its default dtype. Microseconds per "
      "iteration, median of the rounds, and how many times faster than PyTorch in the same precision:\n")
print("| peer | " + " | ".join(f"{w} {d}" for w, d in classifiers) + " |")
print("|---|" + "---|" * len(classifiers))
short = {"backprop": "**backprop** (C#, 1 thread)", "backprop-avx2": "**backprop**, AVX2 paths (`DOTNET_EnableAVX512=0`)",
         "torch": "PyTorch, float64, 1 thread",
         "backprop-f32": "**backprop** (C#, 1 thread), float32", "backprop-avx2-f32": "**backprop**, AVX2 paths, float32",
         "torch32": "PyTorch, float32, 1 thread"}
torch_of = lambda p: "torch32" if p.endswith("-f32") or p == "torch32" else "torch"   # the same precision's PyTorch
shown = lambda p: (any((p, w) in median for w, _ in classifiers) or p == "backprop-f32"
                   or (p == "backprop-avx2-f32" and any(("backprop-avx2", w) in median for w, _ in classifiers)))
for p in filter(shown, short):
    cells = [f"{median[(p, w)]:,.1f} µs ({median[(torch_of(p), w)] / median[(p, w)]:.2f}× faster)" if (p, w) in median else "—"
             for w, _ in classifiers]
    print(f"| {short[p]} | " + " | ".join(cells).replace(" (1.00× faster)", "") + " |")

# How near the FMA peak the mnist iteration comes. Its multiply-adds, N = 10,000 samples, layers [784,128,10]:
# forward W¹x and W²a¹, 2·N·(784·128 + 128·10) flops; backward ∂C/∂W¹ = δ¹xᵀ, 2·N·784·128, and layer 2's weight
# gradient δ²a¹ᵀ and its delta W²ᵀδ², 2·N·128·10·2 (no delta for the inputs; biases, activations, softmax and Adam's
# element-wise work not counted): 4.09 GFLOP.
n, (i, h, o) = 10_000, (784, 128, 10)
mnist_flops = 2 * n * (i * h + h * o) + 2 * n * i * h + 2 * n * h * o * 2
if peak:
    def peak_text(name, width):
        return (f"{peak[(name, 'f64')]:.1f} GFLOP/s in float64 and {peak[(name, 'f32')]:.1f} in float32 ({width}: "
                f"{lanes[(name, 'f64')]} and {lanes[(name, 'f32')]} lanes)")
    bits = lanes[("fma-peak", "f64")] * 64
    print(f"\nOne core's FMA peak (`bench/fma-peak`: independent chains of fused multiply-adds, 2 flops per lane, the "
          f"best of the rounds): {peak_text('fma-peak', f'{bits}-bit vectors')}"
          + (f"; the AVX2 class (x86-64-v3) {peak_text('fma-peak-avx2', '256-bit vectors')}"
             if ("fma-peak-avx2", "f64") in peak else "")
          + f". The mnist iteration does {mnist_flops / 1e9:.2f} GFLOP of multiply-adds: forward 2·N·(784·128 + 128·10), "
          "backward 2·N·784·128 for ∂C/∂W¹ and 2·N·128·10·2 for layer 2's weight gradient and its delta (N = 10,000; "
          "biases, activations, softmax and Adam not counted). At its median time it reaches:\n")
    print("| peer | precision | mnist µs | GFLOP/s | share of the FMA peak |")
    print("|---|---|---|---|---|")
    label = {"backprop": short["backprop"], "backprop-avx2": short["backprop-avx2"], "torch": "PyTorch, 1 thread"}
    share = [("backprop", "f64", "fma-peak"), ("backprop-avx2", "f64", "fma-peak-avx2"), ("torch", "f64", "fma-peak"),
             ("backprop-f32", "f32", "fma-peak"), ("backprop-avx2-f32", "f32", "fma-peak-avx2"), ("torch32", "f32", "fma-peak")]
    for p, precision, name in share:
        if not shown(p) or (name, precision) not in peak: continue
        cells = "— | — | —"
        if (p, "mnist") in median:
            gflops = mnist_flops / (median[(p, "mnist")] * 1e-6) / 1e9
            cells = (f"{median[(p, 'mnist')]:,.1f} | {gflops:.1f} | "
                     f"{gflops / peak[(name, precision)]:.0%} of {peak[(name, precision)]:.1f}")
        print(f"| {label[p.removesuffix('-f32').replace('torch32', 'torch')]} | "
              f"{dict(f64='float64', f32='float32')[precision]} | {cells} |")
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
for p in peers + [p for p in peers32 if any((p, w) in costs for w, _ in workloads)]:
    print(f"| {p} | " + " | ".join(costs.get((p, w), "—")[:12] for w, _ in workloads) + " |")
print(f"\nMachine: {machine}. Versions: {versions}.  ")
print(f"Made {datetime.date.today()} by `bench/compare.sh {rounds}` (peers in `bench/peers/peers.py`; "
      "the C yardstick built from `shared/reference/c-limit` as its `run.sh` builds it).")
print("\nThe per-iteration figures of `backprop` come from `backprop bench`; BenchmarkDotNet measures the same iteration "
      "(`dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'`) and reports 0 bytes allocated per iteration.")
PY
# The doc: its title, every machine class's section (this one's new, in place or last), then the kept section.
/usr/bin/python3 - "$doc" "$work/section.md" "$kept" > "$work/PERFORMANCE.md" <<'PY'
import re, sys
doc_path, section_path, kept_path = sys.argv[1:4]
try: old = open(doc_path).read()
except FileNotFoundError: old = ""
new = open(section_path).read().strip() + "\n"
kept = open(kept_path).read().strip() if kept_path else ""
body = old.split("## The playground while it draws neuron pictures")[0]
sections = [s.strip() + "\n" for s in re.split(r"(?m)^(?=## )", body) if s.startswith("## ")]
title = new.splitlines()[0]
sections = [new if s.splitlines()[0] == title else s for s in sections] + ([] if any(s.splitlines()[0] == title for s in sections) else [new])
print("# Performance\n")
print("One section per machine class, each made by `bench/compare.sh` on a machine of that class (its CPU, family and "
      "model, and widest vectors in the heading); a run replaces its own class's section and keeps the others.\n")
print("\n".join(sections).rstrip())
if kept: print("\n" + kept)
PY
cp "$work/PERFORMANCE.md" "$doc"
cat "$doc"
