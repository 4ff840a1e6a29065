#!/usr/bin/env bash
# Runs fuzz targets one after another for SECONDS each and prints libFuzzer's final figures.
#
#   fuzz/run.sh SECONDS [TARGET...]     (from anywhere; all targets when none are named)
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New inputs go to
# fuzz/work/<target>/ (not committed); the committed seeds in fuzz/corpus/<target>/ are read,
# never written. A crash stops the run with libFuzzer's report; the input is saved in
# fuzz/artifacts/<target>/ and reproduces with `cargo +nightly fuzz run -s none <target> <file>`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
dict_for() {
    case "$1" in
        *_json | *_json_bytes | decode_status_report) echo dicts/json.dict ;;
        load_schema_yaml) echo dicts/yaml.dict ;;
        *) echo dicts/plist.dict ;;
    esac
}
# Build once, then run the binaries: `cargo fuzz run` would rebuild whenever a source file
# changed in between (the generated crate takes minutes to build instrumented).
cargo +nightly fuzz build -s none 2>&1 | tail -1 >&2
bin=target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
for t in "${targets[@]}"; do
    mkdir -p "work/$t" "artifacts/$t"
    log="work/$t.log"
    if ! "$bin/$t" "work/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -dict="$(dict_for "$t")" -print_final_stats=1 >"$log" 2>&1; then
        echo "$t: FAILED (log: fuzz/$log)"
        tail -40 "$log"
        exit 1
    fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$t: ${seconds}s, ${runs} executions; ${done_line}"
done
