#!/usr/bin/env bash
# Local demo on the emulators (moto_server, App Runner/health/Lambda emulators, aws-local-stepfunctions): the scheduler
# lifecycle, then two migrations of statemachines/migration.asl.json. The CLI's `demo` command does the work (and npm ci).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/LangfuseLifecycle.Cli -c Release -- demo "$@"
