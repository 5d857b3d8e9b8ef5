#!/usr/bin/env bash
# The test command: npm test tools, Release build, template lint, ASL schema check, every test project.
# Prints a last line "N passed, N failed, N skipped" and exits non-zero on any failure or when no test ran.
# moto_server is started by the tests themselves (LangfuseLifecycle.Testing.Moto.MotoServer) on free loopback ports.
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

step "dotnet test (every test project of LangfuseLifecycle.sln, in parallel)"
results_dir="$repo_root/TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$results_dir"
mapfile -t test_projects < <(dotnet sln LangfuseLifecycle.sln list | tr -d '\r' | grep -E '\.Tests\.csproj$' | tr '\\' '/' | sort)
if ((${#test_projects[@]} == 0)); then
  echo "no *.Tests.csproj in LangfuseLifecycle.sln" >&2
  exit 1
fi
# One dotnet test per project, each with its own trx file: VSTest names a solution run's trx files by the second,
# so two projects finishing together could overwrite each other's results.
pids=()
for project in "${test_projects[@]}"; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo \
    --results-directory "$results_dir" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --blame-hang-timeout 15m --blame-hang-dump-type none \
    >"$results_dir/$name.log" 2>&1 &
  pids+=("$!")
done
test_exit=0
for index in "${!test_projects[@]}"; do
  name="$(basename "${test_projects[$index]}" .csproj)"
  project_exit=0
  wait "${pids[$index]}" || project_exit=$?
  printf '\n--- %s (exit %s) ---\n' "$name" "$project_exit"
  cat "$results_dir/$name.log"
  if ((project_exit != 0)); then test_exit=$project_exit; fi
done

summary="$(python3 - "$results_dir" "${test_projects[@]}" <<'PY'
import os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
results_dir, projects = sys.argv[1], sys.argv[2:]
passed = failed = skipped = 0
for project in projects:
    name = os.path.basename(project)[: -len(".csproj")]
    path = os.path.join(results_dir, name + ".trx")
    if not os.path.exists(path):
        # "No test is available" writes no result file: an empty project is not a failure; a crash shows in the exit code.
        print(f"{name}: no result file", file=sys.stderr)
        continue
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    c = {k: int(v) for k, v in counters.attrib.items() if v.isdigit()} if counters is not None else {}
    passed += c.get("passed", 0)
    failed += c.get("failed", 0) + c.get("error", 0) + c.get("timeout", 0) + c.get("aborted", 0)
    skipped += c.get("notExecuted", 0)
print(f"{passed} {failed} {skipped}")
PY
)"
read -r passed failed skipped <<<"$summary"

status=0
if ((test_exit != 0)); then
  echo "dotnet test exited with $test_exit" >&2
  status=1
fi
if ((failed > 0)); then status=1; fi
if ((passed + failed == 0)); then
  echo "no test ran (results in $results_dir)" >&2
  status=1
fi

printf '\n%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
exit "$status"
