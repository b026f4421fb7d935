#!/usr/bin/env bash
# Rebuilds Paris's ledger from its input events, through the tool.
#
#   bash Events/rebuild.sh [DIR]      DIR defaults to a fresh temporary directory
#
# Idempotent: every input event carries a stable id, so on a ledger that
# already holds them the appends write nothing and verify still passes.
# The tool is ${MEMBERSHIPS:-swift run memberships}, run from the repo root.
set -euo pipefail

caller="$PWD"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

dir="${1:-}"
if [[ -z "$dir" ]]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/paris-ledger.XXXXXX")"
elif [[ "$dir" != /* ]]; then
    # A relative DIR is taken from where the script was called.
    dir="$caller/$dir"
fi

# The input files are found from the repo root, and `swift run` needs it as cwd.
cd "$repo"

read -r -a tool <<< "${MEMBERSHIPS:-swift run memberships}"

if [[ -e "$dir/Events/ledger.jsonl" ]]; then
    echo "ledger already present in $dir: appending (existing ids write nothing)"
else
    "${tool[@]}" init "$dir" --name "Paris — international climate and energy networks"
fi
"${tool[@]}" --ledger "$dir" append --file "$repo/Events/paris.events.jsonl"
# One second apart, so that a --known-at instant can fall between facts and corrections.
sleep 1
"${tool[@]}" --ledger "$dir" append --file "$repo/Events/paris.corrections.jsonl"
"${tool[@]}" --ledger "$dir" verify
echo "ledger: $dir"
