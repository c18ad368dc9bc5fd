#!/usr/bin/env bash
# BackdoorLab's one C++ style (.clang-format, clang-format 14 from Debian 12).
#
#   scripts/format.sh            reformat every tracked and new (not ignored) C++ file in place
#   scripts/format.sh --check    change nothing; list the files that are not formatted and exit 1
#                                if there is one (scripts/test.sh runs this, so CI fails on them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
clang_format="${CLANG_FORMAT:-clang-format-14}"
command -v "$clang_format" >/dev/null 2>&1 || clang_format=clang-format
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "format.sh: clang-format is not installed (apt-get install clang-format-14)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | sort -u)
mode="${1:-}"
case "$mode" in
  --check)
    bad=()
    for f in "${files[@]}"; do
      [ -f "$f" ] || continue
      if ! "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
      fi
    done
    if [ ${#bad[@]} -gt 0 ]; then
      echo "format.sh: ${#bad[@]} file(s) are not formatted (run scripts/format.sh):" >&2
      printf '  %s\n' "${bad[@]}" >&2
      exit 1
    fi
    echo "format.sh: all ${#files[@]} C++ files are formatted"
    ;;
  "")
    for f in "${files[@]}"; do
      [ -f "$f" ] && "$clang_format" -i "$f"
    done
    echo "format.sh: formatted ${#files[@]} C++ files"
    ;;
  -h|--help) sed -n '2,6p' "$0" ;;
  *) echo "format.sh: unknown option '$mode' (try --help)" >&2; exit 2 ;;
esac
