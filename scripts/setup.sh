#!/usr/bin/env bash
# Installs the Debian 12 packages juesuan needs, only those missing.
#   scripts/setup.sh              build, test and run
#   scripts/setup.sh --fixtures   also what scripts/make_fixtures.py needs
# Runs as root, or through sudo. Non-interactive (CI has no stdin).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpoppler-cpp-dev poppler-utils
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
  libicu-dev libyaml-cpp-dev doctest-dev nlohmann-json3-dev libcli11-dev libvalijson-dev
  libpq-dev postgresql
)
for arg in "$@"; do
  case "$arg" in
    --fixtures) packages+=(python3 python3-reportlab python3-pil fonts-wqy-zenhei) ;;
    -h|--help) sed -n '2,5s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup.sh: all ${#packages[@]} packages installed"
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "setup.sh: missing packages (${missing[*]}); run as root or install sudo" >&2
    exit 1
  fi
  as_root=(sudo)
fi
echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
