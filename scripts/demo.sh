#!/usr/bin/env bash
# From a fresh Debian 12 machine: install what is missing, build (Release), and
# convert the shipped sample report. Output goes to out/ (BUILD_DIR and OUT_DIR
# override build/ and out/).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
out_dir=${OUT_DIR:-out}

scripts/setup.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --target pipeline -j"$(nproc)"
"$build_dir/pipeline" run fixtures/ruled_report.pdf -o "$out_dir"
