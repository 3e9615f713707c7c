#!/usr/bin/env bash
# The playground's frame rate with the neuron pictures on and off: frames a second the page draws and receives, bytes a
# frame, training steps a second (headless Chromium against a server on 127.0.0.1, on this machine), and what the
# pictures cost the server per frame. Runs the opt-in Category=Measure tests (tests/Backprop.Tests/Browser/
# FrameRateMeasure.cs), which assert nothing about speed, and prints their tables.
# Usage: bench/playground-fps.sh [SECONDS] [ROUNDS]     (each row plays SECONDS, default 10, in ROUNDS rounds, default 3,
# its figures the medians; Chromium from Debian, as .ci/run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
dotnet build "$root/tests/Backprop.Tests" -c Release -v quiet -nologo >/dev/null
BACKPROP_MEASURE=1 BACKPROP_MEASURE_SECONDS="${1:-10}" BACKPROP_MEASURE_ROUNDS="${2:-3}" BACKPROP_MEASURE_OUT="$out" \
  dotnet test "$root/tests/Backprop.Tests" -c Release --no-build --filter "Category=Measure" >&2
cat "$out"
