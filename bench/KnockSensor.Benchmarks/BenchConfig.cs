using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Validators;

namespace KnockSensor.Benchmarks;

/// <summary>
/// One configuration for every benchmark: allocation figures on (the hot path's budget is 0 B), JIT optimisation
/// enforced, and a workstation non-concurrent GC so allocation numbers do not move with background GC threads.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default.WithGcServer(false).WithGcConcurrent(false));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddValidator(JitOptimizationsValidator.FailOnError);
        Options |= ConfigOptions.JoinSummary;
    }
}
