using BenchmarkDotNet.Running;
using KnockSensor.Benchmarks;

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project bench/KnockSensor.Benchmarks -- --filter '*Decode*'`.
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
