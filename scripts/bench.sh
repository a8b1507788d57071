#!/usr/bin/env bash
# Whole-process benchmark of cite-lint on generated corpora (examples/gen-corpus.rs), against
# the parse-only floor (examples/parse-floor.rs: pulldown-cmark alone, one thread).
#
#   scripts/bench.sh              # the full set: up to 2,000 chapters (~90 MB) x 100,000 entries
#   QUICK=1 scripts/bench.sh      # small sizes, a minute or so
#   RUNS=3 CONFIGS="2000:20000" scripts/bench.sh
#
# Environment:
#   RUNS         rounds of timing, the median is reported (default 5); each round times
#                every corpus once, so that a machine slowing down during the run slows
#                every figure alike
#   SAMPLE_RUNS  runs of the sample chapter (default 20)
#   CONFIGS      corpora as CHAPTERS:ENTRIES, space-separated
#   BIBLOAD      the corpus that measures loading a large bibliography (default 1:100000)
#   SEED         generator seed (default 42)
#   BENCH_DIR    where corpora are written (default target/bench); a corpus is regenerated
#                only when the generator or its arguments changed
#   QUICK        small default sizes
#
# For each corpus it checks that the findings counted per rule (JSON output) equal
# DIR/expected.json, and prints PASS/FAIL per rule; a rule that fires without being expected is
# a FAIL too. The Markdown report goes to stdout (and BENCH_DIR/results.md), progress to stderr.
# Exit status: 0, or 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SAMPLE_RUNS=${SAMPLE_RUNS:-20}
SEED=${SEED:-42}
BENCH_DIR=${BENCH_DIR:-target/bench}
if [ -n "${QUICK:-}" ]; then
  CONFIGS=${CONFIGS:-"1:200 1:1000 20:2000 100:2000 100:200 100:10000"}
  BIBLOAD=${BIBLOAD:-"1:10000"}
else
  # every size of chapters (1, 100, 2,000) with every size of bibliography (1,000, 20,000,
  # 100,000); 1:100000 is BIBLOAD's
  CONFIGS=${CONFIGS:-"1:1000 1:20000 100:1000 100:20000 100:100000 2000:1000 2000:20000 2000:100000"}
  BIBLOAD=${BIBLOAD:-"1:100000"}
fi

command -v python3 >/dev/null || { echo "bench.sh needs python3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh needs /usr/bin/time (GNU time) for peak RSS" >&2; exit 2; }

echo "--- building" >&2
cargo build --release --bin cite-lint --example gen-corpus --example parse-floor >&2

target=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
LINT=$target/release/cite-lint
GEN=$target/release/examples/gen-corpus
FLOOR=$target/release/examples/parse-floor

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
gen_sum=$(sha256sum "$GEN" | cut -c1-16)

corpora=()
for cfg in $CONFIGS $BIBLOAD; do
  chapters=${cfg%%:*}
  entries=${cfg##*:}
  dir=$BENCH_DIR/c${chapters}-e${entries}-s${SEED}
  # BIBLOAD may also be one of CONFIGS: time it once.
  [[ " ${corpora[*]} " == *" $dir "* ]] && continue
  stamp="$gen_sum $chapters $entries $SEED"
  if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
    echo "--- generating $chapters chapters, $entries entries" >&2
    rm -rf "$dir"
    "$GEN" --chapters "$chapters" --entries "$entries" --seed "$SEED" --out "$dir" >&2
    echo "$stamp" > "$dir/.stamp"
  fi
  corpora+=("$dir")
done

set +e
python3 - "$LINT" "$FLOOR" "$RUNS" "$SAMPLE_RUNS" "$BIBLOAD" "$BENCH_DIR" "${corpora[@]}" <<'PY' | tee "$BENCH_DIR/results.md"
import collections, json, os, statistics, subprocess, sys, tempfile, time

lint, floor, runs, sample_runs, bibload, bench_dir = sys.argv[1:7]
corpora = sys.argv[7:]
runs, sample_runs = int(runs), int(sample_runs)
cores = os.cpu_count()


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, cwd, ok=(0,)):
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} (in {cwd}) exited with {p.returncode}:\n{p.stderr.decode()[-2000:]}")
    return p.stdout


def seconds(cmd, cwd, ok=(0, 1)):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    took = time.perf_counter() - t
    if p.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} (in {cwd}) exited with {p.returncode}")
    return took


def median_seconds(cmd, cwd, n, ok=(0, 1)):
    return statistics.median(seconds(cmd, cwd, ok) for _ in range(n))


def peak_rss_mb(cmd, cwd, ok=(0, 1)):
    with tempfile.NamedTemporaryFile("r") as f:
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f.name, *cmd], cwd=cwd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if p.returncode not in ok:
            sys.exit(f"{' '.join(cmd)} (in {cwd}) exited with {p.returncode}")
        lines = [l for l in f.read().split("\n") if l.strip().isdigit()]
        return int(lines[-1]) / 1024


# cite-lint is run in the corpus folder, so that it finds the corpus's cite-lint.yaml (which
# names manuscript/ and bibliography.yaml); `cite-lint DIR` from elsewhere would not.
J1 = [lint, "--format", "json", "--quiet", "-j", "1"]
JN = [lint, "--format", "json", "--quiet"]
# What a user at a terminal sees: every finding drawn with its words, in colour.
HUMAN = [lint, "--color", "always"]

rows, checks, failed = [], [], False
for d in corpora:
    info = json.load(open(os.path.join(d, "corpus.json")))
    expected = json.load(open(os.path.join(d, "expected.json")))
    name = f"{info['chapters']} ch × {info['entries']:,} entries"
    log(f"--- {name}: check")
    found = json.loads(run(JN, d, ok=(0, 1)))
    counts = collections.Counter(x["rule"] for x in found)
    verdicts = []
    for rule, want in expected.items():
        got = counts.get(rule, 0)
        verdicts.append((rule, want, got, "PASS" if got == want else "FAIL"))
    for rule, got in sorted(counts.items()):
        if rule not in expected:
            verdicts.append((rule, 0, got, "FAIL (not planted)"))
    failed |= any(v[3] != "PASS" for v in verdicts)
    checks.append((name, verdicts))
    r1, rn = peak_rss_mb(J1, d), peak_rss_mb(JN, d)
    mb = info["manuscript_bytes"] / 1e6
    rows.append(dict(name=name, dir=d, info=info, mb=mb, r1=r1, rn=rn,
                     ok=all(v[3] == "PASS" for v in verdicts)))

# Timed in rounds: each round runs every command on every corpus once. A machine whose speed
# drifts during the run (a VM's neighbours, heat) then slows every figure alike, and the
# figures compared with each other (a corpus against the floor, 2,000 chapters against 1 for
# the cost of an added note) come from runs made minutes apart no more than from runs made
# together.
timed = [("t1", J1, (0, 1)), ("tn", JN, (0, 1)), ("th", HUMAN, (0, 1)),
         ("tf", [floor, "manuscript"], (0,))]
times = collections.defaultdict(list)
for n in range(runs):
    log(f"--- timing, round {n + 1} of {runs}")
    for r in rows:
        for key, cmd, ok in timed:
            times[(r["dir"], key)].append(seconds(cmd, r["dir"], ok))
for r in rows:
    for key, _, _ in timed:
        r[key] = statistics.median(times[(r["dir"], key)])

log(f"--- sample chapter: {sample_runs} runs")
repo = os.getcwd()
sample_cmd = [lint, "manuscript/"]
sample = median_seconds(sample_cmd, repo, sample_runs)
sample_floor = median_seconds([floor, "manuscript"], repo, sample_runs, ok=(0,))
sample_rss = peak_rss_mb(sample_cmd, repo)


def fmt_s(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


out = []
out.append(f"Machine: {cores} cores; median of {runs} rounds, each timing every corpus once "
           f"(whole process, wall clock); "
           f"`-j 1` and default threads ({cores}) with `--format json --quiet`; human output = "
           f"`--color always`, every finding drawn as on a terminal, default threads; floor = "
           f"`parse-floor` (pulldown-cmark only, one thread, same options).")
out.append("")
out.append("Each time is followed by its ratio to the floor on the same files, timed in the same "
           "rounds.")
out.append("")
out.append("| corpus | MB | notes | floor | MB/s | cite-lint -j 1 | MB/s | cite-lint -j %d | MB/s "
           "| human output -j %d | µs/note (-j 1) | µs/note (-j %d) | peak RSS -j 1 "
           "| peak RSS -j %d | check |" % (cores, cores, cores, cores))
out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
           "| ---: | --- |")


def against_floor(t, floor_t):
    return f"{fmt_s(t)} ({t / floor_t:.1f}×)"


for r in rows:
    notes = r["info"]["notes"]
    out.append(
        f"| {r['name']} | {r['mb']:.1f} | {notes:,} | {fmt_s(r['tf'])} | {r['mb'] / r['tf']:.0f} "
        f"| {against_floor(r['t1'], r['tf'])} | {r['mb'] / r['t1']:.1f} "
        f"| {against_floor(r['tn'], r['tf'])} | {r['mb'] / r['tn']:.1f} "
        f"| {against_floor(r['th'], r['tf'])} "
        f"| {r['t1'] / notes * 1e6:.1f} | {r['tn'] / notes * 1e6:.1f} "
        f"| {r['r1']:.0f} MB | {r['rn']:.0f} MB | {'PASS' if r['ok'] else 'FAIL'} |")
out.append("")
out.append(f"Sample chapter (`cite-lint manuscript/` from the repository root, median of "
           f"{sample_runs}): {sample * 1000:.1f} ms ({sample / sample_floor:.1f}× the floor on the "
           f"same file, {sample_floor * 1000:.1f} ms), peak RSS {sample_rss:.0f} MB.")

# Per-note cost against bibliography size, for corpora of the same chapter count.
by_chapters = collections.defaultdict(list)
for r in rows:
    by_chapters[r["info"]["chapters"]].append(r)
for chapters, rs in sorted(by_chapters.items()):
    if len(rs) > 1 and chapters > 1:
        rs = sorted(rs, key=lambda r: r["info"]["entries"])
        lo, hi = rs[0], rs[-1]
        per = lambda r: r["t1"] / r["info"]["notes"] * 1e6
        out.append(f"Per note, {chapters} chapters, -j 1: {per(lo):.1f} µs with "
                   f"{lo['info']['entries']:,} entries, {per(hi):.1f} µs with "
                   f"{hi['info']['entries']:,} entries ({per(hi) / per(lo):.2f}×).")

# The cost of each added note, the bibliography's one-off cost (reading, indexing and checking
# its entries) left out: the many-chapter corpus less the 1-chapter corpus with the same
# bibliography.
marginal = {}
for r in rows:
    one = next((o for o in rows if o["info"]["chapters"] == 1
                and o["info"]["entries"] == r["info"]["entries"]), None)
    if one and r["info"]["chapters"] > 1:
        added = r["info"]["notes"] - one["info"]["notes"]
        marginal[(r["info"]["chapters"], r["info"]["entries"])] = (r["t1"] - one["t1"]) / added * 1e6
for chapters in sorted({c for c, _ in marginal}):
    sizes = sorted(e for c, e in marginal if c == chapters)
    if len(sizes) > 1:
        lo, hi = marginal[(chapters, sizes[0])], marginal[(chapters, sizes[-1])]
        each = ", ".join(f"{marginal[(chapters, e)]:.1f} µs with {e:,} entries" for e in sizes)
        out.append(f"Per added note ({chapters} chapters less 1 chapter, same bibliography), "
                   f"-j 1: {each} ({hi / lo:.2f}× from the fewest entries to the most).")

# Loading a large bibliography: the 1-chapter corpus with many entries, against 1 chapter
# with the fewest entries.
ch, en = (int(x) for x in bibload.split(":"))
big = next((r for r in rows if r["info"]["chapters"] == ch and r["info"]["entries"] == en), None)
small = min((r for r in rows if r["info"]["chapters"] == ch and r is not big),
            key=lambda r: r["info"]["entries"], default=None)
if big:
    line = (f"Bibliography load: {ch} chapter with {en:,} entries "
            f"({big['info']['bibliography_bytes'] / 1e6:.1f} MB of YAML): "
            f"{fmt_s(big['t1'])} with -j 1, {fmt_s(big['tn'])} with -j {cores}, "
            f"peak RSS {big['r1']:.0f} MB")
    if small:
        line += (f"; {fmt_s(big['t1'] - small['t1'])} more than with "
                 f"{small['info']['entries']:,} entries")
    out.append(line + ".")
out.append("")
out.append("Checks (findings per rule against expected.json):")
out.append("")
for name, verdicts in checks:
    summary = ", ".join(f"{rule} {got}/{want} {v}" for rule, want, got, v in verdicts)
    out.append(f"- {name}: {summary}")
print("\n".join(out))
sys.exit(1 if failed else 0)
PY
status=${PIPESTATUS[0]}
exit "$status"
