using System.Text.Json;
using KnockSensor.Evaluation;
using static KnockSensor.Tests.Evaluation.EvaluationFixtures;

namespace KnockSensor.Tests.Evaluation;

public sealed class EvaluationCommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("knocksensor-eval-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Json_report_carries_the_scores_and_the_table_the_verdicts()
    {
        List<string> lines = AllPairRules();
        lines.RemoveAt(0);
        lines.Add(Knock(1, Target, Sequence, ("tcp", 1234)));
        (string truth, string events) = Write(OneDoorTruth, lines);

        (int jsonExit, string json, _) = Run("--truth", truth, "--events", events, "--json");
        (int textExit, string text, _) = Run("--truth", truth, "--events", events);

        Assert.Equal(0, jsonExit);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement overall = document.RootElement.GetProperty("overall");
        Assert.Equal(0.8333, overall.GetProperty("recall").GetDouble());
        Assert.Equal(5, overall.GetProperty("pairs_found").GetInt32());
        Assert.True(document.RootElement.GetProperty("doors")[0].GetProperty("found").GetBoolean());
        Assert.False(document.RootElement.GetProperty("targets").GetProperty("met").GetBoolean());
        Assert.Equal(0, textExit);
        Assert.Contains("missing pairs: tcp/999 => udp/888", text);
        Assert.Contains("targets: NOT met: rule recall 0.833 < 0.95", text);
    }

    [Fact]
    public void Malformed_events_exit_1_naming_the_line()
    {
        (string truth, string events) = Write(OneDoorTruth, [Stats, "{oops"]);

        (int exit, _, string error) = Run("--truth", truth, "--events", events);

        Assert.Equal(EvaluationCommandLine.InputError, exit);
        Assert.Contains(events + ":2: not JSON", error);
    }

    [Theory]
    [InlineData("--truth")]
    [InlineData("--events", "x")]
    [InlineData("--frobnicate")]
    public void Usage_errors_exit_2(params string[] args)
    {
        (int exit, _, string error) = Run(args);

        Assert.Equal(EvaluationCommandLine.UsageError, exit);
        Assert.Contains("Usage: knocksensor-eval", error);
    }

    private (string Truth, string Events) Write(string truth, IEnumerable<string> lines)
    {
        string truthPath = Path.Combine(_directory, "truth.json");
        string eventsPath = Path.Combine(_directory, "events.ndjson");
        File.WriteAllText(truthPath, truth);
        File.WriteAllLines(eventsPath, lines);
        return (truthPath, eventsPath);
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = EvaluationCommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
