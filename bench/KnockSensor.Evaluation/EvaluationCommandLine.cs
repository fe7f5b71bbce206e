using System.Text.Json;

namespace KnockSensor.Evaluation;

/// <summary>
/// <c>knocksensor-eval --truth TRUTH.json --events EVENTS.ndjson [--json]</c>. Exit codes: 0 scored (whether or not
/// the targets are met: the report says), 1 unreadable or malformed input, 2 usage error.
/// </summary>
public static class EvaluationCommandLine
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage: knocksensor-eval --truth TRUTH.json --events EVENTS.ndjson [--json]

        Scores a knocksensor event log against a knocksensor-gen ground truth: per door the paper's directed-pair
        rule recall and precision and whether one knock names the door's target and sequence in order; overall the
        same, false knocks, and issue 3's targets (recall and precision >= 0.95, every door found, no false knock).

          --truth FILE     ground truth in knocksensor-gen's --truth format
          --events FILE    NDJSON written by knocksensor --events
          --json           print the report as JSON instead of a table

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? truthPath = null, eventsPath = null;
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    stdout.Write(Usage);
                    return Success;
                case "--json":
                    json = true;
                    break;
                case "--truth" when i + 1 < args.Length:
                    truthPath = args[++i];
                    break;
                case "--events" when i + 1 < args.Length:
                    eventsPath = args[++i];
                    break;
                default:
                    stderr.WriteLine($"knocksensor-eval: unknown or incomplete argument '{args[i]}'");
                    stderr.Write(Usage);
                    return UsageError;
            }
        }

        if (truthPath is null || eventsPath is null)
        {
            stderr.WriteLine("knocksensor-eval: --truth and --events are required");
            stderr.Write(Usage);
            return UsageError;
        }

        EvaluationReport report;
        try
        {
            report = KnockScorer.Score(TruthReader.ReadFile(truthPath), EventLogReader.ReadFile(eventsPath));
        }
        catch (Exception e) when (e is EvaluationInputException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"knocksensor-eval: {e.Message}");
            return InputError;
        }

        stdout.Write(json ? ToJson(report) : ReportText.Render(report));
        return Success;
    }

    public static string ToJson(EvaluationReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.EvaluationReport) + "\n";
}
