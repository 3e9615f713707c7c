#!/usr/bin/env bash
# Train backprop on each NAME.train.csv of DIR with the given options, score it on NAME.test.csv: one line per data
# set with the test accuracy or R², the training summary's seconds and outcome.
# Usage: run_backprop.sh DIR "TRAIN OPTIONS" NAME...   (BACKPROP=path/to/backprop, default the Release build)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
backprop=${BACKPROP:-$here/../../src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli}
dir=$1; options=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for name in "$@"; do
  start=$(date +%s.%N)
  summary=$($backprop train --data "$dir/$name.train.csv" $options --no-figure --quiet --model-out "$work/m.json" 2>&1 | tail -1)
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  score=$($backprop evaluate --model "$work/m.json" --data "$dir/$name.test.csv" 2>&1 | grep -oE '(accuracy|r2|r_squared)=[-0-9.e]+' | tail -1)
  printf '%-10s %-16s wall=%.2fs %s\n' "$name" "${score:-none}" "$wall" "$(echo "$summary" | grep -oE '(epochs=[0-9]+|outcome=[a-z-]+|validation_cost=[0-9.e-]+)' | tr '\n' ' ')"
  rm -f "$work/m.json"
done
