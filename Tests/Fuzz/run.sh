#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer, from the toolchain) and runs one.
#
#   Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options…]
#   Tests/Fuzz/run.sh list
#
# TARGET: json, line, edtf, knownat, csv, validator, snapshot. Each checks properties of
# what it reads (see Targets/*.swift), not only that nothing crashes. The seed corpus is
# Tests/Fuzz/corpus/TARGET (in the repository); inputs the run finds are written to
# .build/fuzz/corpus/TARGET (not committed) and a crashing input to .build/fuzz/crash-*.
# The Ledger and Projections sources are compiled with the entry point into one
# module, outside SwiftPM, so `swift build` never sees these files. Leak detection is off:
# the Swift runtime keeps caches (metadata, globals) that LeakSanitizer reports at exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
targets="json line edtf knownat csv validator snapshot"
if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  echo "usage: Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options]"; echo "targets: $targets"
  [ "${1:-}" = list ]; exit $?
fi
target=$1; seconds=$2; shift 2
case " $targets " in *" $target "*) ;; *) echo "unknown target '$target'; targets: $targets" >&2; exit 64;; esac
out=.build/fuzz; mkdir -p "$out/corpus/$target"
binary=$out/ledger-fuzz
sources=$(find Sources/Ledger Sources/Projections Tests/Fuzz -name '*.swift' | sort)
# Rebuild when any source is newer than the binary.
if [ ! -x "$binary" ] || [ -n "$(find $sources -newer "$binary" | head -1)" ]; then
  echo "building $binary…" >&2
  swiftc -swift-version 6 -parse-as-library -module-name Ledger -O -g \
    -sanitize=fuzzer,address -suppress-warnings $sources -o "$binary.tmp"
  mv "$binary.tmp" "$binary"
fi
FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
  -artifact_prefix="$out/crash-$target-" -print_final_stats=1 "$@" "$out/corpus/$target" "Tests/Fuzz/corpus/$target"
