using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
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

        // A ManualConfig starts empty: without these BenchmarkDotNet prints "There are no columns to show" and no table.
        AddLogger(ConsoleLogger.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddExporter(MarkdownExporter.GitHub);
        Options |= ConfigOptions.JoinSummary;
    }
}
