using System.Globalization;
using KnockSensor.Evaluation;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Evaluation;

/// <summary>Generates captures with knocksensor-gen, runs the published sensor on them and scores its events.</summary>
internal static class DetectionScoring
{
    /// <summary>Runs the generator (built beside the tests by the project reference) and returns capture and truth paths.</summary>
    public static (string Capture, string Truth) Generate(TempDirectory scratch, string profile, ulong seed, bool noKnocks = false)
    {
        string name = $"{profile}-{seed.ToString(CultureInfo.InvariantCulture)}{(noKnocks ? "-no-knocks" : "")}";
        string capture = scratch.File(name + ".pcap");
        string truth = scratch.File(name + ".truth.json");
        List<string> args = [Path.Combine(AppContext.BaseDirectory, "knocksensor-gen.dll"), "--profile", profile, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", capture, "--truth", truth];
        if (noKnocks)
        {
            args.Add("--no-knocks");
        }

        ProcessResult result = ProcessRunner.Run("dotnet", args);
        Assert.True(result.ExitCode == 0, $"knocksensor-gen failed: {result.StandardError}");
        return (capture, truth);
    }

    /// <summary><c>knocksensor -r CAPTURE --events EVENTS</c> with default parameters, scored against the truth.</summary>
    public static EvaluationReport Run(TempDirectory scratch, string capture, string truth)
    {
        string events = scratch.File(Path.GetFileNameWithoutExtension(capture) + ".events.ndjson");
        ProcessResult sensor = ProcessRunner.Run(Repository.SensorBinary, ["-r", capture, "--events", events, "--no-progress"]);
        Assert.True(sensor.ExitCode == 0, $"knocksensor -r {capture} exited {sensor.ExitCode}: {sensor.StandardError}");
        return KnockScorer.Score(TruthReader.ReadFile(truth), EventLogReader.ReadFile(events));
    }

    /// <summary>Asserts issue 3's targets, printing the whole report (doors, missing pairs, false knocks) when not met.</summary>
    public static void AssertTargetsMet(EvaluationReport report, string what) =>
        Assert.True(report.Targets.Met, $"{what}: {string.Join("; ", report.Targets.Failures)}\n{ReportText.Render(report)}");
}
