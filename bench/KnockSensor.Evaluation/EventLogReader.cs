using System.Text.Json;

namespace KnockSensor.Evaluation;

/// <summary>
/// Reads a <c>knocksensor --events</c> NDJSON log: <c>knock_rule</c> and <c>knock</c> events, everything else
/// skipped. Unknown fields are ignored; a line that is not an event, or a rule or knock missing what the contract
/// promises, is refused with its file, line and reason, because a score over a half-read log would be a lie.
/// </summary>
public static class EventLogReader
{
    public static DetectorEvents ReadFile(string path) => Read(File.ReadLines(path), path);

    public static DetectorEvents Read(IEnumerable<string> lines, string source)
    {
        var rules = new List<FoundRule>();
        var ruleKeys = new HashSet<(string?, KnockItem, KnockItem)>();
        var knocks = new List<FoundKnock>();
        var knockIndex = new Dictionary<long, int>();
        int itemsetRules = 0, duplicates = 0, knockEvents = 0, other = 0, number = 0;
        foreach (string line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument document = ParseLine(line, source, number);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationInputException(source, number, "an event must be a JSON object");
            }

            if (!root.TryGetProperty("event_type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
            {
                throw new EvaluationInputException(source, number, "no \"event_type\" string");
            }

            switch (type.GetString())
            {
                case "knock_rule":
                    FoundRule? rule = ReadRule(root, source, number);
                    if (rule is null)
                    {
                        itemsetRules++;
                    }
                    else if (!ruleKeys.Add((rule.DestIp, rule.Antecedent, rule.Consequent)))
                    {
                        duplicates++;
                    }
                    else
                    {
                        rules.Add(rule);
                    }

                    break;
                case "knock":
                    knockEvents++;
                    FoundKnock knock = ReadKnock(root, source, number);
                    if (knockIndex.TryGetValue(knock.Id, out int index))
                    {
                        knocks[index] = knock;
                    }
                    else
                    {
                        knockIndex.Add(knock.Id, knocks.Count);
                        knocks.Add(knock);
                    }

                    break;
                default:
                    other++;
                    break;
            }
        }

        return new DetectorEvents
        {
            Rules = rules,
            Knocks = knocks,
            ItemsetRules = itemsetRules,
            DuplicateRuleEvents = duplicates,
            KnockEvents = knockEvents,
            OtherEvents = other,
        };
    }

    private static JsonDocument ParseLine(string line, string source, int number)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new EvaluationInputException(source, number, $"not JSON: {e.Message}");
        }
    }

    /// <summary>The pair rule, or null for a rule over larger itemsets (a list on either side).</summary>
    private static FoundRule? ReadRule(JsonElement root, string source, int line)
    {
        string? destIp = ReadDestIp(root, source, line);
        if (!root.TryGetProperty("knock_rule", out JsonElement rule) || rule.ValueKind != JsonValueKind.Object)
        {
            throw new EvaluationInputException(source, line, "a knock_rule event needs a \"knock_rule\" object");
        }

        if (!TryReadSide(rule, "antecedent", source, line, out KnockItem antecedent) | !TryReadSide(rule, "consequent", source, line, out KnockItem consequent))
        {
            return null;
        }

        return new FoundRule(destIp, antecedent, consequent, line);
    }

    /// <summary>Reads one side; false when it is an itemset of more than one item.</summary>
    private static bool TryReadSide(JsonElement rule, string name, string source, int line, out KnockItem item)
    {
        item = default;
        if (!rule.TryGetProperty(name, out JsonElement side))
        {
            throw new EvaluationInputException(source, line, $"knock_rule has no \"{name}\"");
        }

        if (side.ValueKind == JsonValueKind.Array)
        {
            int count = side.GetArrayLength();
            if (count == 0)
            {
                throw new EvaluationInputException(source, line, $"knock_rule.{name} is an empty list");
            }

            foreach (JsonElement element in side.EnumerateArray())
            {
                if (!JsonItems.TryReadItem(element, out item, out string itemReason))
                {
                    throw new EvaluationInputException(source, line, $"knock_rule.{name}: {itemReason}");
                }
            }

            return count == 1;
        }

        if (!JsonItems.TryReadItem(side, out item, out string reason))
        {
            throw new EvaluationInputException(source, line, $"knock_rule.{name}: {reason}");
        }

        return true;
    }

    private static FoundKnock ReadKnock(JsonElement root, string source, int line)
    {
        string? destIp = ReadDestIp(root, source, line);
        if (!root.TryGetProperty("knock", out JsonElement knock) || knock.ValueKind != JsonValueKind.Object)
        {
            throw new EvaluationInputException(source, line, "a knock event needs a \"knock\" object");
        }

        if (!knock.TryGetProperty("id", out JsonElement idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out long id))
        {
            throw new EvaluationInputException(source, line, "knock needs an integer \"id\" (updates of one knock share it)");
        }

        if (!knock.TryGetProperty("sequence", out JsonElement sequenceElement) || sequenceElement.ValueKind != JsonValueKind.Array)
        {
            throw new EvaluationInputException(source, line, "knock needs a \"sequence\" list");
        }

        var sequence = new List<KnockItem>();
        foreach (JsonElement element in sequenceElement.EnumerateArray())
        {
            if (!JsonItems.TryReadItem(element, out KnockItem item, out string reason))
            {
                throw new EvaluationInputException(source, line, $"knock.sequence: {reason}");
            }

            sequence.Add(item);
        }

        KnockItem? shell = null;
        if (!JsonItems.IsAbsent(knock, "shell_port", out JsonElement shellElement))
        {
            if (!JsonItems.TryReadItem(shellElement, out KnockItem item, out string reason))
            {
                throw new EvaluationInputException(source, line, $"knock.shell_port: {reason}");
            }

            shell = item;
        }

        int? activations = null;
        if (!JsonItems.IsAbsent(knock, "activations", out JsonElement activationsElement))
        {
            if (activationsElement.ValueKind != JsonValueKind.Number || !activationsElement.TryGetInt32(out int value) || value < 0)
            {
                throw new EvaluationInputException(source, line, "knock.activations must be a non-negative integer");
            }

            activations = value;
        }

        var sources = new List<string>();
        if (!JsonItems.IsAbsent(root, "src_ips", out JsonElement sourcesElement))
        {
            if (sourcesElement.ValueKind != JsonValueKind.Array)
            {
                throw new EvaluationInputException(source, line, "src_ips must be a list");
            }

            foreach (JsonElement element in sourcesElement.EnumerateArray())
            {
                if (!JsonItems.TryReadAddress(element, out string address, out string reason))
                {
                    throw new EvaluationInputException(source, line, $"src_ips: {reason}");
                }

                sources.Add(address);
            }
        }

        return new FoundKnock
        {
            Id = id,
            DestIp = destIp,
            SrcIps = sources,
            Sequence = sequence,
            ShellPort = shell,
            Activations = activations,
            Line = line,
        };
    }

    private static string? ReadDestIp(JsonElement root, string source, int line)
    {
        if (JsonItems.IsAbsent(root, "dest_ip", out JsonElement element))
        {
            return null;
        }

        return JsonItems.TryReadAddress(element, out string address, out string reason)
            ? address
            : throw new EvaluationInputException(source, line, $"dest_ip: {reason}");
    }
}
