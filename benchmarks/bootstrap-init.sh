#!/usr/bin/env bash
# Bootstrap init benchmark (not a test): builds the Native AOT bootstrap exactly as `sam build` does (the
# Makefile), the same program for JIT (dotnet build -c Release), and the floor: a minimal Native AOT custom runtime
# (the program below: an HttpClient GET to the Runtime API's /next, InvariantGlobalization, stripped). Then
# bootstrap_init.py runs the three alternately against a fake Runtime API.
# Usage: benchmarks/bootstrap-init.sh [runs]   (default 15 runs of each, alternating)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-15}"
out="$root/artifacts/benchmarks"
mkdir -p "$out"
echo "Load average before building: $(cut -d' ' -f1-3 /proc/loadavg)"

make -s -C "$root/src/LangfuseLifecycle.Functions" build-ScalerFunction ARTIFACTS_DIR="$out/aot" >/dev/null
dotnet build "$root/src/LangfuseLifecycle.Functions/LangfuseLifecycle.Functions.csproj" -c Release -nologo -v q \
  -o "$out/jit" >/dev/null

# The minimal program is built outside the repository's Directory.Build.props/Directory.Packages.props (empty ones stop
# MSBuild's walk up), with only what a Native AOT custom runtime cannot do without.
minimal="$out/minimal-src"
rm -rf "$minimal"
mkdir -p "$minimal"
echo '<Project />' > "$minimal/Directory.Build.props"
echo '<Project />' > "$minimal/Directory.Packages.props"
cat > "$minimal/minimal.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <AssemblyName>bootstrap</AssemblyName>
    <PublishAot>true</PublishAot>
    <InvariantGlobalization>true</InvariantGlobalization>
    <StripSymbols>true</StripSymbols>
  </PropertyGroup>
</Project>
XML
cat > "$minimal/Program.cs" <<'CS'
// The floor: the least a Native AOT custom runtime does before its first /next. Answers every event with a constant.
using var http = new HttpClient
{
    BaseAddress = new Uri($"http://{Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")}/2018-06-01/runtime/invocation/"),
    Timeout = Timeout.InfiniteTimeSpan,
};
while (true)
{
    using var next = await http.GetAsync("next");
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    using var body = new StringContent("{\"nativeAot\":true}", System.Text.Encoding.UTF8, "application/json");
    (await http.PostAsync($"{requestId}/response", body)).Dispose();
}
CS
dotnet publish "$minimal/minimal.csproj" -c Release -r linux-x64 -nologo -v q -o "$out/minimal" >/dev/null

python3 "$root/benchmarks/bootstrap_init.py" --aot "$out/aot" --jit "$out/jit" --minimal "$out/minimal" --runs "$runs" \
  --zoneinfo "$out/aot/zoneinfo"
