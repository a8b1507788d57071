#!/usr/bin/env bash
# Times the quotation rules at scale: copies a generated corpus (examples/gen-corpus.rs) and
# records, under `quotes:` of every tenth entry of its bibliography, a quotation taken at random
# from its chapters, so that every quotation of the manuscript is matched against thousands of
# recorded excerpts. The generated corpora record none, so scripts/bench.sh does not exercise
# this. The generator's small vocabulary makes most quotations look like most excerpts, and
# quotation-mismatch fires tens of thousands of times: a worst case for finding the excerpt a
# quotation quotes, not a realistic count of findings.
#
#   scripts/quote-stress.sh [CORPUS_DIR] [OUT_DIR]
#
# CORPUS_DIR defaults to target/bench/c2000-e20000-s42 (made by scripts/bench.sh); OUT_DIR to
# target/bench/quote-stress. Prints the seconds and peak memory of cite-lint with -j 1 and
# with every core, and the findings per rule.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-target/bench/c2000-e20000-s42}
out=${2:-target/bench/quote-stress}
[ -f "$corpus/bibliography.yaml" ] || { echo "no corpus at $corpus: run scripts/bench.sh first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "quote-stress.sh needs python3" >&2; exit 2; }
cargo build --release --bin cite-lint >&2
lint=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/cite-lint
rm -rf "$out"
mkdir -p "$out"
cp -r "$corpus/manuscript" "$corpus/cite-lint.yaml" "$out/"
python3 - "$corpus" "$out" <<'PY'
import glob, os, random, re, sys
corpus, out = sys.argv[1:3]
rng = random.Random(42)
quotes = []
for path in sorted(glob.glob(os.path.join(corpus, "manuscript", "*.md")))[:400]:
    for q in re.findall(r"“([^”]{30,200})”", open(path, encoding="utf-8").read()):
        if ":" not in q:
            quotes.append(" ".join(q.split()).rstrip(".,").replace('"', ""))
lines, recorded = [], 0
for line in open(os.path.join(corpus, "bibliography.yaml"), encoding="utf-8"):
    lines.append(line)
    m = re.match(r"  - id: e(\d+)", line)
    if m and int(m.group(1)) % 10 == 0:
        lines.append('    quotes:\n      - "%s"\n' % rng.choice(quotes))
        recorded += 1
open(os.path.join(out, "bibliography.yaml"), "w", encoding="utf-8").write("".join(lines))
print(f"{recorded} excerpts recorded, drawn from {len(quotes)} quotations", file=sys.stderr)
PY
cd "$out"
for jobs in "-j 1" ""; do
  /usr/bin/time -q -f "cite-lint $jobs: %e s, peak RSS %M KB" "$lint" --format json --quiet $jobs . > findings.json || true
done
python3 -c "import collections, json; d = json.load(open('findings.json')); print(len(d), 'findings:', dict(collections.Counter(x['rule'] for x in d).most_common()))"
