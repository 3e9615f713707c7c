#!/usr/bin/env bash
# Times `backprop bench` of this tree against another revision (default: the commit before the general trainer,
# 2ce89a2), interleaved over several rounds so a noisy machine slows both alike, and prints the median µs per
# iteration of each workload and the ratio now/then.
# Usage: bench/against.sh [REVISION] [ROUNDS]        (default 2ce89a2, 7 rounds)
#        WORKLOADS="seed wide large classes binary mnist" bench/against.sh …   (default: seed wide large)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
revision=${1:-2ce89a2}
rounds=${2:-7}
workloads=${WORKLOADS:-seed wide large}
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/then" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "building this tree and $revision" >&2
git -C "$root" worktree add --detach "$work/then" "$revision" >/dev/null 2>&1
dotnet build "$root/src/Backprop.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$work/then/src/Backprop.Cli" -c Release -v quiet -nologo >/dev/null
now="$root/src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli"
then="$work/then/src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli"

for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  for w in $workloads; do
    for peer in now then; do
      binary=${!peer}
      "$binary" bench --workload "$w" --rounds 3 | sed -E "s/.*workload=([a-z]+).*us_per_iteration=([0-9.]+).*/$peer \\1 \\2/"
    done
  done
done | awk -v workloads="$workloads" '
  { t[$1 " " $2] = t[$1 " " $2] " " $3 }
  function median(list,   n, a, i, j, x) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    printf "%-8s %14s %14s %10s\n", "workload", "now us/it", "then us/it", "now/then"
    count = split(workloads, ws, " ")
    for (k = 1; k <= count; k++) { w = ws[k]; a = median(t["now " w]); b = median(t["then " w]); printf "%-8s %14.3f %14.3f %10.3f\n", w, a, b, a / b }
  }'
