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
/// The default columns, a console logger and a GitHub-markdown export make every run print and keep its table.
/// The job is marked as the default job, so job options on the command line (bench/ci/run.sh's
/// <c>--launchCount 1 --warmupCount 3 --iterationCount 3</c>) modify it instead of adding a second job beside it.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default.WithGcServer(false).WithGcConcurrent(false).AsDefault());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddValidator(JitOptimizationsValidator.FailOnError);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
        Options |= ConfigOptions.JoinSummary;
    }
}
