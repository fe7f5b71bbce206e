using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;

namespace KnockSensor.Benchmarks.Mining;

/// <summary>
/// What the shared <see cref="BenchConfig"/> leaves out, so the mining benchmarks print a summary table: the default
/// columns, a console logger and a GitHub-markdown export, on top of BenchConfig's job, diagnoser and validator.
/// </summary>
public sealed class MiningBenchConfig : ManualConfig
{
    public MiningBenchConfig()
    {
        Add(new BenchConfig());
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
    }
}
