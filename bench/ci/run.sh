#!/usr/bin/env bash
# CI benchmark job: the per-packet BenchmarkDotNet benchmarks in a short run with their allocation budget, then the
# throughput harness on a smaller capture. Fails only on allocations; times and the tcpdump ratio are printed, not
# asserted (the CI machine is shared).
#
#   bench/ci/run.sh                         BENCH_SIZE_MB=256 BENCH_RUNS=3 bench/ci/run.sh
#
# 1. Builds bench/KnockSensor.Benchmarks (Release) and runs the benchmarks named in bench/ci/allocation-budget.txt,
#    in process (--inProcess: BenchmarkDotNet's default rebuilds the project in a generated folder, which on a loaded
#    2-core machine ran past its 120 s build timeout; the in-process run uses the same Release build and the same
#    workstation non-concurrent GC from the csproj), 1 launch, 3 warmup and 3 measured iterations, MemoryDiagnoser on
#    (BenchConfig). JSON and CSV go to artifacts/bench-ci/results.
# 2. bench/ci/check-allocations.py compares BytesAllocatedPerOperation with the budget: over budget fails the job.
# 3. bench/throughput/run.sh with SIZE_MB=$BENCH_SIZE_MB (256) and RUNS=$BENCH_RUNS (3): knocksensor -r against
#    tcpdump -r on a generated capture, ratio printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[bench-ci] %s\n' "$*" >&2; }
start=$SECONDS

out=artifacts/bench-ci
budget=bench/ci/allocation-budget.txt
rm -rf "$out"
mkdir -p "$out"
mapfile -t benchmarks < <(sed 's/#.*//' "$budget" | awk 'NF { print $1 }')
((${#benchmarks[@]})) || { say "no benchmark in $budget"; exit 1; }

say "building bench/KnockSensor.Benchmarks (Release)"
dotnet build bench/KnockSensor.Benchmarks -c Release --nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }

say "running ${#benchmarks[@]} benchmarks (short, in process)"
dotnet bench/KnockSensor.Benchmarks/bin/Release/net10.0/KnockSensor.Benchmarks.dll \
  --filter "${benchmarks[@]}" --inProcess --launchCount 1 --warmupCount 3 --iterationCount 3 \
  --exporters json csv --artifacts "$out" >"$out/benchmarks.log" 2>&1 || { tail -n 60 "$out/benchmarks.log" >&2; exit 1; }
sed -n '/^|/p' "$out/benchmarks.log"
reports=("$out"/results/*-report-full-compressed.json)
[[ -f "${reports[0]}" ]] || { say "no JSON report in $out/results"; tail -n 60 "$out/benchmarks.log" >&2; exit 1; }
benchmark_seconds=$((SECONDS - start))

echo
python3 bench/ci/check-allocations.py "$budget" "${reports[@]}"

echo
say "throughput harness: ${BENCH_SIZE_MB:-256} MiB capture, best of ${BENCH_RUNS:-3}"
throughput_start=$SECONDS
SIZE_MB=${BENCH_SIZE_MB:-256} RUNS=${BENCH_RUNS:-3} bench/throughput/run.sh
echo
echo "bench-ci: benchmarks ${benchmark_seconds} s, throughput $((SECONDS - throughput_start)) s, total $((SECONDS - start)) s"
