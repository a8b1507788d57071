#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, one after another, seeded with the
# sample chapter and bibliography. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable
# toolchain RUSTC_BOOTSTRAP=1 lets it use the nightly-only flags it needs.
# Crashes land in fuzz/artifacts/<target>/; turn each into a regression test in tests/hostile.rs.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
# MAX_LEN=4096 keeps inputs small for more runs a second; unset, libFuzzer grows them from the seeds.
extra=${MAX_LEN:+-max_len=$MAX_LEN}
targets=${TARGETS:-"markdown csl_yaml bibtex citations dates check"}
export RUSTC_BOOTSTRAP=1
for t in $targets; do
  mkdir -p "corpus/$t"
  case $t in
    markdown|citations|dates) cp ../manuscript/*.md "corpus/$t/" ;;
    csl_yaml) cp ../bibliography/*.yaml ../tests/fixtures/*.json "corpus/$t/" ;;
    bibtex) cp ../tests/fixtures/*.bib "corpus/$t/" ;;
    check) { cat ../manuscript/*.md; printf '\0'; cat ../bibliography/*.yaml; } > "corpus/$t/sample" ;;
  esac
  echo "=== $t: ${seconds}s"
  cargo fuzz run -s none "$t" "corpus/$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 $extra 2>&1 \
    | grep -E "^#[0-9]+.*(DONE|pulse)|Done [0-9]+ runs|ERROR|panicked|SUMMARY|Test unit written" | tail -n 5
done
