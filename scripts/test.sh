#!/usr/bin/env bash
# From a fresh Debian 12 machine: install what is missing, build everything
# (Release) and run all tests (BUILD_DIR overrides build/).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

scripts/setup.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure
