#!/usr/bin/env bash
# The test command: npm test tools, the generated-code drift check, Release build, template lint, ASL schema check, the Native AOT bootstrap (built once,
# for the tests that run it), then the tests in two lanes:
#   1. unit and integration (--filter "Category!=EndToEnd"): every *.Tests.csproj of LangfuseLifecycle.sln in parallel;
#   2. end to end ([Trait("Category","EndToEnd")]: the demo, the AOT bootstrap, node/aws-local-stepfunctions runs):
#      afterwards, one project at a time and one test collection at a time, so they never share 2 cores with lane 1.
# Prints a last line "N passed, N failed, N skipped" over both lanes and exits non-zero on any failure or when no test ran.
# moto_server is started by the tests themselves (LangfuseLifecycle.Emulation.Moto.MotoServer) on free loopback ports.
# LANGFUSE_LIFECYCLE_TEST_TIMEOUT_SCALE (default 2 here: two cores run four test hosts, moto servers and node at once)
# multiplies every test budget (TestTimeouts) and the hang timeout (10 min × scale).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every moto_server a test starts inherits this marker; the exit trap kills exactly those, never anyone else's.
export LANGFUSE_LIFECYCLE_TEST_RUN="${LANGFUSE_LIFECYCLE_TEST_RUN:-$$-$(date +%s%N)}"

kill_stray_moto_servers() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"; pid="${pid%/environ}"
    [[ "$pid" == "$$" ]] && continue
    # Processes of other users or ones that just exited cannot be read: they are not ours.
    if { tr '\0' '\n' <"$environ" | grep -qx "LANGFUSE_LIFECYCLE_TEST_RUN=${LANGFUSE_LIFECYCLE_TEST_RUN}"; } 2>/dev/null \
      && { tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'moto_server'; } 2>/dev/null; then
      echo "test.sh: killing stray moto_server (pid $pid) left by this run" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
trap kill_stray_moto_servers EXIT

step() { printf '\n==> %s\n' "$*"; }

step "npm test tools (asl-validator, aws-local-stepfunctions)"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f node_modules/.lock-sha256 ]] || [[ "$(cat node_modules/.lock-sha256)" != "$lock_hash" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >node_modules/.lock-sha256
else
  echo "node_modules matches package-lock.json"
fi

step "generated AWS clients match codegen/generate.py (regenerated into a temp directory and diffed)"
python3 src/LangfuseLifecycle.Aws/codegen/generate.py --check

step "dotnet build LangfuseLifecycle.sln -c Release"
dotnet build LangfuseLifecycle.sln -c Release -nologo -clp:ErrorsOnly -nodeReuse:false

step "cfn-lint"
templates=()
[[ -f template.yaml ]] && templates+=(template.yaml)
if [[ -d templates ]]; then
  while IFS= read -r -d '' template; do templates+=("$template"); done \
    < <(find templates -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 | sort -z)
fi
if ((${#templates[@]} > 0)); then
  cfn-lint "${templates[@]}"
  echo "cfn-lint: ${templates[*]} clean"
else
  echo "cfn-lint: no template.yaml or templates/ yet"
fi

step "ASL schema (asl-validator)"
shopt -s nullglob
definitions=(statemachines/*.asl.json)
shopt -u nullglob
if ((${#definitions[@]} > 0)); then
  node scripts/validate-asl.cjs "${definitions[@]}"
else
  echo "asl-validator: no statemachines/*.asl.json yet"
fi

results_dir="$repo_root/TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$results_dir"

step "Native AOT bootstrap (make build-ScalerFunction, once, for the tests that run it)"
# The tests' SamBuiltBootstrapFixture uses this build when the variable names it, and builds itself otherwise.
aot_dir="$results_dir/aot/ScalerFunction"
mkdir -p "$aot_dir"
aot_exit=0
ARTIFACTS_DIR="$aot_dir" BUILD_ROOT="$repo_root/artifacts/functions-tests/x86_64" \
  make -C src/LangfuseLifecycle.Functions build-ScalerFunction >"$results_dir/aot/make-build-ScalerFunction.log" 2>&1 || aot_exit=$?
if ((aot_exit == 0)); then
  export LANGFUSE_LIFECYCLE_PREBUILT_SCALER_ARTIFACTS="$aot_dir"
  tail -n 3 "$results_dir/aot/make-build-ScalerFunction.log"
else
  # No export: the fixture builds again and its tests fail with make's output.
  cat "$results_dir/aot/make-build-ScalerFunction.log" >&2
  echo "make build-ScalerFunction failed with exit code $aot_exit" >&2
fi

mapfile -t test_projects < <(dotnet sln LangfuseLifecycle.sln list | tr -d '\r' | grep -E '\.Tests\.csproj$' | tr '\\' '/' | sort)
if ((${#test_projects[@]} == 0)); then
  echo "no *.Tests.csproj in LangfuseLifecycle.sln" >&2
  exit 1
fi

export LANGFUSE_LIFECYCLE_TEST_TIMEOUT_SCALE="${LANGFUSE_LIFECYCLE_TEST_TIMEOUT_SCALE:-2}"
scale="$LANGFUSE_LIFECYCLE_TEST_TIMEOUT_SCALE"
hang_minutes="$(python3 -c 'import math,sys; print(math.ceil(10 * float(sys.argv[1])))' "$scale")"
test_exit=0

# One dotnet test per project and lane, each with its own trx file: VSTest names a solution run's trx files by the
# second, so two projects finishing together could overwrite each other's results.
run_tests() { # project lane filter [extra args after --]
  local project="$1" lane="$2" filter="$3"
  shift 3
  local name
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo --filter "$filter" \
    --results-directory "$results_dir" \
    --logger "trx;LogFileName=$name.$lane.trx" --logger "console;verbosity=normal" \
    --blame-hang-timeout "${hang_minutes}m" --blame-hang-dump-type none \
    "$@" >"$results_dir/$name.$lane.log" 2>&1
}

report() { # project lane exit
  local name
  name="$(basename "$1" .csproj)"
  printf '\n--- %s, %s lane (exit %s) ---\n' "$name" "$2" "$3"
  cat "$results_dir/$name.$2.log"
  if (($3 != 0)); then test_exit=$3; fi
}

step "dotnet test, lane 1: unit and integration (Category!=EndToEnd), every test project in parallel"
lane_started=$SECONDS
pids=()
for project in "${test_projects[@]}"; do
  run_tests "$project" unit "Category!=EndToEnd" &
  pids+=("$!")
done
for index in "${!test_projects[@]}"; do
  project_exit=0
  wait "${pids[$index]}" || project_exit=$?
  report "${test_projects[$index]}" unit "$project_exit"
done
echo "lane 1 took $((SECONDS - lane_started)) s"

step "dotnet test, lane 2: end to end (Category=EndToEnd), one project and one collection at a time"
lane_started=$SECONDS
for project in "${test_projects[@]}"; do
  project_exit=0
  run_tests "$project" e2e "Category=EndToEnd" -- xUnit.ParallelizeTestCollections=false || project_exit=$?
  report "$project" e2e "$project_exit"
done
echo "lane 2 took $((SECONDS - lane_started)) s"

summary="$(python3 - "$results_dir" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
# One trx per project and lane; "No test matches the given testcase filter" writes none, which is no failure (a crash
# shows in the exit code, and a run where nothing ran at all fails below).
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.trx"))):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    c = {k: int(v) for k, v in counters.attrib.items() if v.isdigit()} if counters is not None else {}
    passed += c.get("passed", 0)
    failed += c.get("failed", 0) + c.get("error", 0) + c.get("timeout", 0) + c.get("aborted", 0)
    skipped += c.get("notExecuted", 0)
    print(f"{os.path.basename(path)}: {c.get('passed', 0)} passed, {c.get('failed', 0)} failed", file=sys.stderr)
print(f"{passed} {failed} {skipped}")
PY
)"
read -r passed failed skipped <<<"$summary"

status=0
if ((test_exit != 0)); then
  echo "dotnet test exited with $test_exit" >&2
  status=1
fi
if ((aot_exit != 0)); then
  echo "make build-ScalerFunction exited with $aot_exit" >&2
  status=1
fi
if ((failed > 0)); then status=1; fi
if ((passed + failed == 0)); then
  echo "no test ran (results in $results_dir)" >&2
  status=1
fi

printf '\n%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
exit "$status"
