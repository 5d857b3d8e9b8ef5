#!/usr/bin/env bash
# Local lifecycle demo on the embedded emulator (moto_server on loopback); the CLI's `demo` command does the work.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/LangfuseLifecycle.Cli -c Release -- demo "$@"
