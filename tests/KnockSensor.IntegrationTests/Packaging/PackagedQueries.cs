using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Packaging;

/// <summary>One PromQL expression shipped in the package, and where it is.</summary>
public sealed record PackagedQuery(string Source, string Expression);

/// <summary>The PromQL the package ships: every alert rule's <c>expr</c> and every dashboard query.</summary>
public static class PackagedQueries
{
    public static string AlertsPath => Path.Combine(Repository.Root, "packaging", "prometheus", "alerts.yaml");

    public static string DashboardPath => Path.Combine(Repository.Root, "packaging", "grafana", "knocksensor.json");

    public static string ContractPath => Path.Combine(Repository.Root, "packaging", "metrics-contract.txt");

    public static IReadOnlyList<PackagedQuery> All() => [.. AlertExpressions(), .. DashboardExpressions()];

    /// <summary>
    /// The <c>expr:</c> values of alerts.yaml: a plain scalar on the same line, or a <c>|</c>/<c>&gt;</c> block whose
    /// lines are indented deeper than the key. No YAML library is referenced by the tests, and the rule file uses only
    /// these two forms; an <c>expr:</c> in any other form fails the test rather than being skipped.
    /// </summary>
    public static IReadOnlyList<PackagedQuery> AlertExpressions()
    {
        var lines = File.ReadAllLines(AlertsPath);
        var queries = new List<PackagedQuery>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed["expr:".Length..].Trim();
            var source = $"alerts.yaml:{i + 1}";
            if (value is "|" or ">" or "|-" or ">-")
            {
                var keyIndent = lines[i].Length - trimmed.Length;
                var block = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > keyIndent))
                {
                    block.Add(lines[++i].Trim());
                }

                value = string.Join(' ', block).Trim();
            }

            Assert.False(value.Length == 0 || value.StartsWith('"') || value.StartsWith('\''), $"{source}: expr in a form this reader does not take: '{value}'");
            queries.Add(new PackagedQuery(source, value));
        }

        return queries;
    }

    /// <summary>Every panel target's <c>expr</c> (rows' nested panels included) and every query variable's query.</summary>
    public static IReadOnlyList<PackagedQuery> DashboardExpressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var queries = new List<PackagedQuery>();
        foreach (var panel in Panels(document.RootElement))
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "?";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    queries.Add(new PackagedQuery($"dashboard panel '{title}'", target.GetProperty("expr").GetString()!));
                }
            }
        }

        if (document.RootElement.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray())
            {
                if (variable.GetProperty("type").GetString() == "query")
                {
                    var query = variable.GetProperty("query");
                    var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
                    queries.Add(new PackagedQuery($"dashboard variable '{variable.GetProperty("name").GetString()}'", text));
                }
            }
        }

        return queries;
    }

    /// <summary>Panels at the top level and inside collapsed rows.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The contract's metric names (packaging/metrics-contract.txt: one per line, '#' comments).</summary>
    public static HashSet<string> ContractNames() =>
        [.. File.ReadAllLines(ContractPath).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];
}
