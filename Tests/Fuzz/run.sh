#!/usr/bin/env bash
# Fuzzes one target with libFuzzer and AddressSanitizer (both ship with the Swift toolchain):
#
#   Tests/Fuzz/run.sh TARGET SECONDS   TARGET: json line edtf knownat csv validator snapshot
#
# Each target checks properties of what it reads, not only that nothing crashes (see
# Tests/Fuzz/Targets/*.swift). The Ledger and Projections sources are compiled with
# Tests/Fuzz/*.swift into one module (swiftc -sanitize=fuzzer,address, outside SwiftPM, so
# `swift build` never sees these files; rebuilt only when a source changed) and linked with
# the C routines of Sources/SHAExtensions and Sources/ByteScan (and the header of
# Sources/Prefetch) as .build/fuzz/ledger-fuzz. The run starts from a working copy of the seeds
# (Tests/Fuzz/corpus/TARGET, copied to .build/fuzz/corpus/TARGET, which keeps what the fuzzer
# finds between runs). An input that breaks a property or crashes is saved under
# .build/fuzz/crashes/TARGET/ and the script exits non-zero; copy it to
# Tests/Fuzz/regressions/TARGET/ to keep it, and add a test for it. The last line printed is
# the run's figures. Leak detection is off: the Swift runtime keeps caches (metadata,
# globals) that LeakSanitizer reports at exit.
#
# The snapshot target's binary seeds are made from a log by the same binary:
#   FUZZ_WRITE_SEEDS=Tests/Fuzz/corpus/snapshot FUZZ_SEED_LOG=Events/ledger.jsonl .build/fuzz/ledger-fuzz
set -euo pipefail
targets="json line edtf knownat csv validator snapshot"
if [ $# -ne 2 ] || ! [[ " $targets " == *" $1 "* ]] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: Tests/Fuzz/run.sh TARGET SECONDS   (TARGET: $targets)" >&2
  exit 64
fi
target=$1 seconds=$2
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out/corpus/$target" "$out/crashes/$target"
sources=$(find Sources/Ledger Sources/Projections Tests/Fuzz -name '*.swift' | sort)
csources=$(find Sources/SHAExtensions Sources/Prefetch Sources/ByteScan -type f | sort)
binary=$out/ledger-fuzz
if [ ! -x "$binary" ] || [ -n "$(find $sources $csources -newer "$binary" | head -1)" ]; then
  echo "building $binary (swiftc -O -sanitize=fuzzer,address)…" >&2
  # The C routines of Sources/SHAExtensions (SHA instructions, AVX2 lanes) and the line scan of
  # Sources/ByteScan are compiled by the toolchain's clang.
  for c in SHAExtensions/SHAExtensions SHAExtensions/SHALanes ByteScan/LineScan; do
    clang -O2 -g -fsanitize=address -c "Sources/$c.c" -I "Sources/${c%%/*}/include" \
      -o "$out/${c##*/}.o" 2> "$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
  done
  # shellcheck disable=SC2086
  swiftc -swift-version 6 -O -g -sanitize=fuzzer,address -parse-as-library -module-name Ledger -package-name MembershipLedger -suppress-warnings \
    -I Sources/SHAExtensions/include -I Sources/Prefetch/include -I Sources/ByteScan/include $sources "$out/SHAExtensions.o" "$out/SHALanes.o" "$out/LineScan.o" -o "$binary.tmp" 2> "$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
  mv "$binary.tmp" "$binary"
fi

cp -n "Tests/Fuzz/corpus/$target"/* "$out/corpus/$target"/ 2>/dev/null || true
log=$out/$target.log
status=0
# SWIFT_BACKTRACE: the Swift runtime's backtracer and AddressSanitizer get in each other's way.
FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no "$binary" "$out/corpus/$target" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=8192 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$out/crashes/$target/" \
  > "$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
if [ $status -ne 0 ]; then
  grep -E "property broken|ERROR|SUMMARY|Test unit written" "$log" >&2 || tail -20 "$log" >&2
  echo "fuzz $target: FAILED after ${runs:-?} executions; see $log" >&2
  exit 1
fi
echo "fuzz $target: ${runs:-?} executions in ${time:-$seconds} s, no failure (corpus: $(ls "$out/corpus/$target" | wc -l) inputs)"
