#!/usr/bin/env bash
# Fails when a built Lambda bootstrap would not run on provided.al2023 or is too large:
#   - not an ELF executable for the requested architecture;
#   - needs a glibc symbol version newer than AL2023's glibc (2.34);
#   - the bootstrap alone zips to more than 10 MB.
# Usage: scripts/check-bootstrap.sh <dir-with-bootstrap> [x86_64|arm64]
# Environment: MAX_GLIBC (default 2.34), MAX_ZIPPED_BYTES (default 10485760).
set -euo pipefail

dir="${1:?usage: check-bootstrap.sh <dir-with-bootstrap> [x86_64|arm64]}"
architecture="${2:-x86_64}"
max_glibc="${MAX_GLIBC:-2.34}"
max_zipped_bytes="${MAX_ZIPPED_BYTES:-10485760}"
bootstrap="$dir/bootstrap"

fail() { echo "check-bootstrap: FAIL: $*" >&2; exit 1; }

[[ -f "$bootstrap" ]] || fail "$bootstrap does not exist"
[[ -x "$bootstrap" ]] || fail "$bootstrap is not executable (Lambda starts it directly)"
command -v readelf >/dev/null || fail "readelf not found: install binutils"

case "$architecture" in
  x86_64) expected_machine="X86-64" ;;
  arm64) expected_machine="AArch64" ;;
  *) fail "architecture '$architecture' is not x86_64 or arm64" ;;
esac
machine="$(readelf -h "$bootstrap" | sed -n 's/^ *Machine: *//p')"
[[ "$machine" == *"$expected_machine"* ]] \
  || fail "$bootstrap is built for '$machine' but the function architecture is $architecture"

# readelf -V lists the symbol versions the executable needs from each shared library (works for any target arch).
needed_glibc="$(readelf -V -W "$bootstrap" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V || true)"
newest_glibc="$(printf '%s\n' "$needed_glibc" | tail -n 1)"
[[ -n "$newest_glibc" ]] || fail "found no GLIBC symbol versions in $bootstrap (is it a dynamically linked glibc executable?)"
if [[ "$(printf '%s\n%s\n' "$newest_glibc" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]]; then
  offenders="$(printf '%s\n' "$needed_glibc" | while read -r v; do
    [[ "$(printf '%s\n%s\n' "$v" "$max_glibc" | sort -V | tail -n 1)" == "$max_glibc" ]] || printf 'GLIBC_%s ' "$v"; done)"
  fail "$bootstrap needs ${offenders}newer than GLIBC_$max_glibc (Lambda provided.al2023); build on AL2023 or an older glibc (sam build --use-container)"
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if command -v zip >/dev/null; then
  (cd "$dir" && zip -q -9 "$scratch/bootstrap.zip" bootstrap)
else
  python3 - "$bootstrap" "$scratch/bootstrap.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.write(sys.argv[1], "bootstrap")
PY
fi
zipped_bytes="$(stat -c %s "$scratch/bootstrap.zip")"
(( zipped_bytes <= max_zipped_bytes )) \
  || fail "bootstrap zips to $zipped_bytes bytes, more than $max_zipped_bytes"

echo "check-bootstrap: OK: $architecture ($machine), newest glibc symbol GLIBC_$newest_glibc <= GLIBC_$max_glibc, bootstrap $(stat -c %s "$bootstrap") bytes, zipped $zipped_bytes bytes <= $max_zipped_bytes"
