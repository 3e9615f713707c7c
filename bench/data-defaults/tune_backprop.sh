#!/usr/bin/env bash
# backprop tune on each NAME.train.csv of DIR (extra options as the second argument, e.g. "--budget 60"), the best
# model scored on NAME.test.csv: one line per data set with the test score, the tune's own seconds and trial count.
# Usage: tune_backprop.sh DIR "TUNE OPTIONS" NAME...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
backprop=${BACKPROP:-$here/../../src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli}
dir=$1; options=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for name in "$@"; do
  classes=$(head -1 "$dir/$name.train.csv" | grep -q ',label$' && echo --classes)
  line=$($backprop tune --data "$dir/$name.train.csv" $classes $options --quiet --leaderboard "$work/board.csv" --model-out "$work/m.json" 2>&1 | tail -1)
  score=$($backprop evaluate --model "$work/m.json" --data "$dir/$name.test.csv" 2>&1 | grep -oE '(accuracy|r2)=[-0-9.e]+' | tail -1)
  printf '%-10s tune %-16s %s\n' "$name" "${score:-none}" "$(echo "$line" | grep -oE '(trials|seconds)=[0-9.]+' | tr '\n' ' ')"
  rm -f "$work/m.json"
done
