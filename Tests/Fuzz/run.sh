#!/usr/bin/env bash
# Fuzzes one target with libFuzzer and AddressSanitizer:
#
#   Tests/Fuzz/run.sh TARGET SECONDS      TARGET: json line edtf knownat csv snapshot
#
# Builds .build/fuzz/fuzz from the Ledger sources, the --known-at parser and Tests/Fuzz/*.swift
# (swiftc -sanitize=fuzzer,address; rebuilt only when a source changed), then runs TARGET for
# SECONDS on a working copy of its seeds (Tests/Fuzz/corpus/TARGET, copied to
# .build/fuzz/corpus/TARGET, which keeps what the fuzzer finds between runs). An input that
# breaks a property or crashes is saved under .build/fuzz/crashes/TARGET/ and the script
# exits non-zero; copy it to Tests/Fuzz/regressions/TARGET/ to keep it as a regression test
# (FuzzRegressionTests replays those). The last line printed is the run's figures.
set -euo pipefail
targets="json line edtf knownat csv snapshot"
if [ $# -ne 2 ] || ! [[ " $targets " == *" $1 "* ]] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: Tests/Fuzz/run.sh TARGET SECONDS   (TARGET: $targets)" >&2
  exit 64
fi
target=$1 seconds=$2
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out/src" "$out/corpus/$target" "$out/crashes/$target"

# KnownAt lives in Projections: compiled here in the same module, without its import.
for file in Sources/Projections/KnownAt.swift Sources/Projections/ViewError.swift; do
  sed '/^import Ledger$/d' "$file" > "$out/src/new.swift"
  if cmp -s "$out/src/new.swift" "$out/src/$(basename "$file")"; then rm "$out/src/new.swift"; else mv "$out/src/new.swift" "$out/src/$(basename "$file")"; fi
done
sources=$(find Sources/Ledger Tests/Fuzz "$out/src" -name '*.swift' | sort)
binary=$out/fuzz
if [ ! -x "$binary" ] || [ -n "$(find $sources -newer "$binary" | head -1)" ]; then
  echo "building $binary (swiftc -O -sanitize=fuzzer,address)…" >&2
  # shellcheck disable=SC2086
  swiftc -swift-version 6 -O -g -sanitize=fuzzer,address -parse-as-library -module-name Fuzz \
    $sources -o "$binary" 2> "$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
fi

if [ -d "Tests/Fuzz/corpus/$target" ]; then cp -n "Tests/Fuzz/corpus/$target"/* "$out/corpus/$target"/ 2>/dev/null || true; fi
log=$out/$target.log
status=0
# SWIFT_BACKTRACE: the Swift runtime's backtracer and AddressSanitizer get in each other's way.
FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no "$binary" "$out/corpus/$target" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -artifact_prefix="$out/crashes/$target/" > "$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
time=$(sed -n 's/^stat::.*//; s/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
if [ $status -ne 0 ]; then
  grep -E "property broken|ERROR|SUMMARY|Test unit written" "$log" >&2 || tail -20 "$log" >&2
  echo "fuzz $target: FAILED after ${runs:-?} executions; see $log" >&2
  exit 1
fi
echo "fuzz $target: ${runs:-?} executions in ${time:-$seconds} s, no failure (corpus: $(ls "$out/corpus/$target" | wc -l) inputs)"
