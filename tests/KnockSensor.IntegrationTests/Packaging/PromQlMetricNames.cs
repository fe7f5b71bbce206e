using System.Text.RegularExpressions;

namespace KnockSensor.IntegrationTests.Packaging;

/// <summary>
/// The metric names a PromQL expression reads. Not a parser: it removes what cannot be a metric name (string
/// literals, label matchers, grouping label lists, range and offset durations, numbers, Grafana variables) and
/// keeps every remaining identifier that is not a PromQL keyword or function. Whatever it cannot place stays in
/// the result, so a misspelt metric or function shows up as an unknown name instead of passing silently.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> KeywordsAndFunctions = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes", "time", "timestamp", "vector", "scalar",
        "abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "sort", "sort_desc", "absent", "absent_over_time",
        "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time",
        "present_over_time", "quantile_over_time", "histogram_quantile", "label_replace", "label_join", "predict_linear",
        "label_values", "inf", "nan",
    };

    /// <summary>Metric names read by <paramref name="expression"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Of(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = LabelValuesLabel().Replace(text, "$1");
        text = GroupingList().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = OffsetDuration().Replace(text, " ");
        text = GrafanaVariable().Replace(text, " ");
        var names = new List<string>();
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Value;
            if (!KeywordsAndFunctions.Contains(name.ToLowerInvariant()) && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    // Grafana's label_values(metric, label): the second argument is a label name, not a metric.
    [GeneratedRegex(@"\blabel_values\s*\(([^,()]*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)")]
    private static partial Regex LabelValuesLabel();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex GroupingList();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\boffset\s+-?[0-9a-z]+")]
    private static partial Regex OffsetDuration();

    [GeneratedRegex(@"\$\{?__?[A-Za-z_]+\}?|\$\{?[A-Za-z_]+\}?")]
    private static partial Regex GrafanaVariable();

    // A number such as 0.01, 1e3 or 8 is not an identifier: identifiers start with a letter, '_' or ':'.
    [GeneratedRegex(@"(?<![0-9A-Za-z_.:])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
