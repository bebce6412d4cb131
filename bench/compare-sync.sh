#!/usr/bin/env bash
# Side-by-side sync cost of this tree against an earlier commit (bench/README section "Performance").
# Builds <commit> (git archive into a temporary directory, this tree's node_modules) and this tree,
# then runs `dist/bench/sync-child.js ours <users>` of each, alternately, <rounds> times, each run
# under flock /tmp/bench.lock (the bench database is shared), and prints the medians and ratios of
# the full and the incremental sync. Usage: bench/compare-sync.sh <commit> [users=20000] [rounds=5]
set -euo pipefail
commit=${1:?usage: bench/compare-sync.sh <commit> [users] [rounds]}
users=${2:-20000}
rounds=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/before" "$work/after"
git -C "$root" archive "$commit" | tar -x -C "$work/before"
ln -s "$root/node_modules" "$work/before/node_modules"
(cd "$work/before" && npx tsc -p tsconfig.build.json)
(cd "$root" && npx tsc -p tsconfig.build.json)
cp -r "$root/dist" "$work/after/dist"
ln -s "$root/node_modules" "$work/after/node_modules"
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    echo "round $round: $side …" >&2
    line=$(flock /tmp/bench.lock node "$work/$side/dist/bench/sync-child.js" ours "$users" | tail -1)
    echo "$side $line" >>"$work/results"
  done
done
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
const runs = { before: { full: [], incremental: [] }, after: { full: [], incremental: [] } };
for (const line of lines) {
  const side = line.slice(0, line.indexOf(" "));
  const result = JSON.parse(line.slice(side.length + 1));
  runs[side].full.push(result.full.ms);
  runs[side].incremental.push(result.incremental.ms);
}
const median = (values) => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const phase of ["full", "incremental"]) {
  const before = median(runs.before[phase]);
  const after = median(runs.after[phase]);
  console.log(`${phase}: ${Math.round(before)} ms -> ${Math.round(after)} ms (${(after / before).toFixed(2)}x); runs before ${runs.before[phase].map(Math.round).join(" ")}; after ${runs.after[phase].map(Math.round).join(" ")}`);
}' "$work/results"
