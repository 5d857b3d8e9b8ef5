#!/usr/bin/env bash
# Bootstrap init benchmark (not a test): builds the Native AOT bootstrap exactly as `sam build` does (the Makefile) and
# the same program for JIT (dotnet build -c Release), then runs bootstrap_init.py against a fake Runtime API.
# Usage: benchmarks/bootstrap-init.sh [runs]   (default 15 runs of each, alternating)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-15}"
out="$root/artifacts/benchmarks"
mkdir -p "$out"

make -s -C "$root/src/LangfuseLifecycle.Functions" build-ScalerFunction ARTIFACTS_DIR="$out/aot" >/dev/null
dotnet build "$root/src/LangfuseLifecycle.Functions/LangfuseLifecycle.Functions.csproj" -c Release -nologo -v q \
  -o "$out/jit" >/dev/null

python3 "$root/benchmarks/bootstrap_init.py" --aot "$out/aot" --jit "$out/jit" --runs "$runs" --zoneinfo "$out/aot/zoneinfo"
