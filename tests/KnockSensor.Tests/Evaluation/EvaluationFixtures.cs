using System.Globalization;
using KnockSensor.Evaluation;

namespace KnockSensor.Tests.Evaluation;

/// <summary>Hand-made truths and event lines in the detector's NDJSON contract.</summary>
internal static class EvaluationFixtures
{
    public const string Target = "10.1.1.114";
    public const string OtherHost = "10.1.1.7";

    /// <summary>A truth with one door on <see cref="Target"/>: tcp/999, udp/888, tcp/777, then a shell on tcp/1234.</summary>
    public const string OneDoorTruth = """
        {"generator":"hand","profile":"hand","knocks":[{"name":"door-1","target":"10.1.1.114","sources":["198.51.100.7"],
         "spoofed":false,"sequence":[{"proto":"tcp","port":999},{"proto":"udp","port":888},{"proto":"tcp","port":777}],
         "shell_port":{"proto":"tcp","port":1234},"activation_count":5,
         "activations":[{"source":"198.51.100.7","knock_sources":["198.51.100.7","198.51.100.7","198.51.100.7"]}]}],
         "scans":[],"totals":{"packets":1}}
        """;

    public const string NoDoorTruth = """{"profile":"quiet","knocks":[],"scans":[]}""";

    public static readonly (string Proto, int Port)[] Sequence = [("tcp", 999), ("udp", 888), ("tcp", 777)];

    public static EvaluationTruth Truth(string json = OneDoorTruth) => TruthReader.Parse(json, "truth.json");

    public static string Rule(string? destIp, (string Proto, int Port) from, (string Proto, int Port) to) =>
        $$$"""{"timestamp":"2023-11-14T22:13:20.005585Z","event_type":"knock_rule",{{{DestIp(destIp)}}}"knock_rule":{"antecedent":{{{Item(from)}}},"consequent":{{{Item(to)}}},"support":0.02,"confidence":0.97,"interest":0.019,"lift":41.5,"windows":5}}""";

    public static string Knock(long id, string? destIp, (string Proto, int Port)[] sequence, (string Proto, int Port)? shell = null, int activations = 5, params string[] sources) =>
        $$$"""{"timestamp":"2023-11-14T22:13:21Z","event_type":"knock",{{{DestIp(destIp)}}}"src_ips":[{{{string.Join(',', sources.Select(s => $"\"{s}\""))}}}],"knock":{"id":{{{id.ToString(CultureInfo.InvariantCulture)}}},"sequence":[{{{string.Join(',', sequence.Select(Item))}}}],{{{(shell is { } s ? $"\"shell_port\":{Item(s)}," : "")}}}"activations":{{{activations.ToString(CultureInfo.InvariantCulture)}}},"first_seen":"2023-11-14T22:13:20Z","last_seen":"2023-11-14T23:13:20Z"}}""";

    public const string Stats = """{"timestamp":"2023-11-14T23:59:59Z","event_type":"stats","stats":{"packets":100}}""";

    /// <summary>All six directed pairs of <see cref="Sequence"/> on <see cref="Target"/>.</summary>
    public static List<string> AllPairRules(string? destIp = Target)
    {
        var lines = new List<string>();
        foreach (var from in Sequence)
        {
            foreach (var to in Sequence)
            {
                if (from != to)
                {
                    lines.Add(Rule(destIp, from, to));
                }
            }
        }

        return lines;
    }

    public static EvaluationReport Score(IEnumerable<string> lines, string truth = OneDoorTruth) =>
        KnockScorer.Score(Truth(truth), EventLogReader.Read(lines, "events.ndjson"));

    private static string DestIp(string? destIp) => destIp is null ? "" : $"\"dest_ip\":\"{destIp}\",";

    private static string Item((string Proto, int Port) item) => $$"""{"proto":"{{item.Proto}}","port":{{item.Port.ToString(CultureInfo.InvariantCulture)}}}""";
}
