using System.Text.Json;

namespace KnockSensor.Evaluation;

/// <summary>
/// Reads the doors out of a ground truth in <c>knocksensor-gen</c>'s format (src/KnockSensor.Generator/README.md).
/// Everything else in the file (scans, totals) is ignored; a door that is incomplete is refused.
/// </summary>
public static class TruthReader
{
    public static EvaluationTruth ReadFile(string path) => Parse(File.ReadAllText(path), path);

    public static EvaluationTruth Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new EvaluationInputException(source, 0, $"not JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("knocks", out JsonElement knocks) || knocks.ValueKind != JsonValueKind.Array)
            {
                throw new EvaluationInputException(source, 0, "a truth needs a \"knocks\" list");
            }

            string profile = root.TryGetProperty("profile", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
            var doors = new List<TruthDoor>();
            foreach (JsonElement knock in knocks.EnumerateArray())
            {
                doors.Add(ReadDoor(knock, doors.Count, source));
            }

            return new EvaluationTruth(profile, doors);
        }
    }

    private static TruthDoor ReadDoor(JsonElement door, int index, string source)
    {
        string where = $"knocks[{index}]";
        if (door.ValueKind != JsonValueKind.Object)
        {
            throw new EvaluationInputException(source, 0, $"{where} is not an object");
        }

        string name = door.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? where : where;
        if (!door.TryGetProperty("target", out JsonElement targetElement) || !JsonItems.TryReadAddress(targetElement, out string target, out string reason))
        {
            throw new EvaluationInputException(source, 0, $"{where} needs a \"target\" address");
        }

        if (!door.TryGetProperty("sequence", out JsonElement sequenceElement) || sequenceElement.ValueKind != JsonValueKind.Array || sequenceElement.GetArrayLength() < 2)
        {
            throw new EvaluationInputException(source, 0, $"{where} needs a \"sequence\" of at least two items");
        }

        var sequence = new List<KnockItem>();
        foreach (JsonElement element in sequenceElement.EnumerateArray())
        {
            if (!JsonItems.TryReadItem(element, out KnockItem item, out reason))
            {
                throw new EvaluationInputException(source, 0, $"{where}.sequence: {reason}");
            }

            sequence.Add(item);
        }

        KnockItem? shell = null;
        if (!JsonItems.IsAbsent(door, "shell_port", out JsonElement shellElement))
        {
            if (!JsonItems.TryReadItem(shellElement, out KnockItem item, out reason))
            {
                throw new EvaluationInputException(source, 0, $"{where}.shell_port: {reason}");
            }

            shell = item;
        }

        var knockSources = new HashSet<string>(StringComparer.Ordinal);
        if (door.TryGetProperty("activations", out JsonElement activations) && activations.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement activation in activations.EnumerateArray())
            {
                if (activation.ValueKind == JsonValueKind.Object && activation.TryGetProperty("knock_sources", out JsonElement sources) && sources.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement knockSource in sources.EnumerateArray())
                    {
                        knockSources.Add(knockSource.GetString() ?? "");
                    }
                }
            }
        }

        return new TruthDoor
        {
            Name = name,
            Target = target,
            Sequence = sequence,
            ShellPort = shell,
            Spoofed = door.TryGetProperty("spoofed", out JsonElement spoofed) && spoofed.ValueKind == JsonValueKind.True,
            ActivationCount = door.TryGetProperty("activation_count", out JsonElement count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out int activationCount) ? activationCount : 0,
            SourceCount = door.TryGetProperty("sources", out JsonElement s) && s.ValueKind == JsonValueKind.Array ? s.GetArrayLength() : 0,
            KnockSourceCount = knockSources.Count,
        };
    }
}
