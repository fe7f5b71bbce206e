using System.Text.Json.Serialization;

namespace KnockSensor.Evaluation;

/// <summary>Source-generated JSON for <c>--json</c>: snake_case names, declaration order, nulls written.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NewLine = "\n", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EvaluationReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
