using System.Globalization;

namespace KnockSensor.Evaluation;

/// <summary>
/// Scores a detector's events against the truth. Rules: the paper's metric (Hommes, State &amp; Engel 2012, §5.2),
/// per door: the n distinct items of its sequence give n(n−1) directed pairs; recall is the pairs found as a rule on
/// the door's target (or on no host) over all pairs; precision is the correct rules over all rules, a rule being
/// correct when both sides are items of one door (its sequence or its shell port) and its dest_ip is that door's
/// target or absent. Knocks: a door is found when some knock's final state names its target and exactly its
/// sequence, in order; a knock that matches no door is a false knock.
/// </summary>
public static class KnockScorer
{
    /// <summary>Longest list of wrong rules or misplaced rules kept in a report.</summary>
    public const int ListLimit = 50;

    public static EvaluationReport Score(EvaluationTruth truth, DetectorEvents events)
    {
        bool scoreIcmp = truth.HasIcmpItems;
        var rules = new List<FoundRule>(events.Rules.Count);
        int icmpIgnored = 0;
        foreach (FoundRule rule in events.Rules)
        {
            if (!scoreIcmp && (rule.Antecedent.IsIcmp || rule.Consequent.IsIcmp))
            {
                icmpIgnored++;
            }
            else
            {
                rules.Add(rule);
            }
        }

        var ruleSet = new HashSet<(string?, KnockItem, KnockItem)>();
        foreach (FoundRule rule in rules)
        {
            ruleSet.Add((rule.DestIp, rule.Antecedent, rule.Consequent));
        }

        (DoorMatch[] matches, List<FoundKnock> falseKnocks, int duplicateKnocks) = MatchKnocks(truth.Doors, events.Knocks);
        var doors = new List<DoorScore>(truth.Doors.Count);
        int pairs = 0, pairsFound = 0, pairsWithShell = 0, pairsWithShellFound = 0;
        for (int i = 0; i < truth.Doors.Count; i++)
        {
            DoorScore score = ScoreDoor(truth.Doors[i], truth.Doors, rules, ruleSet, matches[i]);
            pairs += score.Pairs;
            pairsFound += score.PairsFound;
            pairsWithShell += score.PairsWithShell;
            pairsWithShellFound += score.PairsWithShellFound;
            doors.Add(score);
        }

        var wrongRules = new List<string>();
        int correct = 0, hostless = 0, hostlessCorrect = 0;
        foreach (FoundRule rule in rules)
        {
            bool isCorrect = truth.Doors.Any(door => IsCorrectFor(rule, door));
            correct += isCorrect ? 1 : 0;
            if (rule.DestIp is null)
            {
                hostless++;
                hostlessCorrect += isCorrect ? 1 : 0;
            }

            if (!isCorrect && wrongRules.Count < ListLimit)
            {
                wrongRules.Add(rule.ToString());
            }
        }

        var overall = new OverallScore
        {
            Pairs = pairs,
            PairsFound = pairsFound,
            Recall = Ratio(pairsFound, pairs),
            PairsWithShell = pairsWithShell,
            PairsWithShellFound = pairsWithShellFound,
            RecallWithShell = Ratio(pairsWithShellFound, pairsWithShell),
            Rules = rules.Count,
            CorrectRules = correct,
            Precision = Ratio(correct, rules.Count),
            HostlessRules = hostless,
            HostlessCorrectRules = hostlessCorrect,
            IcmpRulesIgnored = icmpIgnored,
            ItemsetRules = events.ItemsetRules,
            DuplicateRuleEvents = events.DuplicateRuleEvents,
            KnockEvents = events.KnockEvents,
            Knocks = events.Knocks.Count,
            Doors = truth.Doors.Count,
            DoorsFound = doors.Count(door => door.Found),
            FalseKnocks = falseKnocks.Count,
            DuplicateKnocks = duplicateKnocks,
        };
        return new EvaluationReport
        {
            Profile = truth.Profile,
            Doors = doors,
            Overall = overall,
            FalseKnocks = [.. falseKnocks.Select(knock => knock.ToString())],
            WrongRules = wrongRules,
            Targets = Check(overall),
        };
    }

    /// <summary>Whether a rule is one of this door's: both sides its items, on its target or on no host.</summary>
    public static bool IsCorrectFor(FoundRule rule, TruthDoor door) =>
        (rule.DestIp is null || rule.DestIp == door.Target) && rule.Antecedent != rule.Consequent
        && IsDoorItem(rule.Antecedent, door) && IsDoorItem(rule.Consequent, door);

    private static bool IsDoorItem(KnockItem item, TruthDoor door) => door.Sequence.Contains(item) || door.ShellPort == item;

    private static DoorScore ScoreDoor(TruthDoor door, IReadOnlyList<TruthDoor> allDoors, List<FoundRule> rules, HashSet<(string?, KnockItem, KnockItem)> ruleSet, DoorMatch match)
    {
        IReadOnlyList<KnockItem> items = door.DistinctItems;
        var missing = new List<string>();
        int found = CountPairs(door, items, ruleSet, missing);
        List<KnockItem> withShell = [.. items];
        if (door.ShellPort is { } shell && !withShell.Contains(shell))
        {
            withShell.Add(shell);
        }

        int foundWithShell = CountPairs(door, withShell, ruleSet, missing: null);

        int onTarget = 0, correctOnTarget = 0, hostlessCorrect = 0;
        var misplaced = new List<string>();
        foreach (FoundRule rule in rules)
        {
            bool doorItems = rule.Antecedent != rule.Consequent && IsDoorItem(rule.Antecedent, door) && IsDoorItem(rule.Consequent, door);
            if (rule.DestIp == door.Target)
            {
                onTarget++;
                // Two doors may guard one host: a rule of either is a correct rule on that host.
                correctOnTarget += allDoors.Any(other => other.Target == door.Target && IsCorrectFor(rule, other)) ? 1 : 0;
            }
            else if (rule.DestIp is null)
            {
                hostlessCorrect += doorItems ? 1 : 0;
            }
            else if (doorItems && misplaced.Count < ListLimit)
            {
                misplaced.Add(rule.ToString());
            }
        }

        int pairs = items.Count * (items.Count - 1);
        FoundKnock? knock = match.Knock;
        return new DoorScore
        {
            Name = door.Name,
            Target = door.Target,
            Sequence = [.. door.Sequence.Select(item => item.ToString())],
            ShellPort = door.ShellPort?.ToString(),
            Spoofed = door.Spoofed,
            Pairs = pairs,
            PairsFound = found,
            Recall = Ratio(found, pairs),
            MissingPairs = missing,
            PairsWithShell = withShell.Count * (withShell.Count - 1),
            PairsWithShellFound = foundWithShell,
            RulesOnTarget = onTarget,
            CorrectRulesOnTarget = correctOnTarget,
            Precision = Ratio(correctOnTarget, onTarget),
            HostlessCorrectRules = hostlessCorrect,
            MisplacedRules = misplaced,
            Found = match.Found,
            Verdict = match.Verdict,
            KnockId = knock?.Id,
            FoundSequence = knock is null ? null : [.. knock.Sequence.Select(item => item.ToString())],
            ActivationsTruth = door.ActivationCount,
            ActivationsFound = match.Found ? knock?.Activations : null,
            ShellPortFound = match.Found ? knock?.ShellPort?.ToString() : null,
            ShellPortMatch = match.Found && door.ShellPort is not null ? knock!.ShellPort == door.ShellPort : null,
            SourcesTruth = door.SourceCount,
            KnockSourcesTruth = door.KnockSourceCount,
            SourcesFound = match.Found ? knock!.SrcIps.Distinct().Count() : null,
        };
    }

    /// <summary>Directed pairs of distinct items found as a rule on the door's target or on no host; lists the rest.</summary>
    private static int CountPairs(TruthDoor door, IReadOnlyList<KnockItem> items, HashSet<(string?, KnockItem, KnockItem)> ruleSet, List<string>? missing)
    {
        int found = 0;
        foreach (KnockItem from in items)
        {
            foreach (KnockItem to in items)
            {
                if (from == to)
                {
                    continue;
                }

                if (ruleSet.Contains((door.Target, from, to)) || ruleSet.Contains((null, from, to)))
                {
                    found++;
                }
                else
                {
                    missing?.Add($"{from} => {to}");
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Gives each door the first knock naming its target and sequence; other knocks naming a found door are
    /// duplicates, knocks naming none are false. A door with no match gets the closest knock as a diagnosis.
    /// </summary>
    private static (DoorMatch[] Matches, List<FoundKnock> FalseKnocks, int Duplicates) MatchKnocks(IReadOnlyList<TruthDoor> doors, IReadOnlyList<FoundKnock> knocks)
    {
        var matches = new DoorMatch[doors.Count];
        var matched = new bool[knocks.Count];
        int duplicates = 0;
        for (int d = 0; d < doors.Count; d++)
        {
            for (int k = 0; k < knocks.Count; k++)
            {
                if (knocks[k].DestIp == doors[d].Target && knocks[k].Sequence.SequenceEqual(doors[d].Sequence))
                {
                    if (matches[d] is null)
                    {
                        matches[d] = new DoorMatch(true, "found", knocks[k]);
                    }
                    else if (!matched[k])
                    {
                        duplicates++;
                    }

                    matched[k] = true;
                }
            }

            matches[d] ??= Diagnose(doors[d], knocks);
        }

        var falseKnocks = new List<FoundKnock>();
        for (int k = 0; k < knocks.Count; k++)
        {
            if (!matched[k])
            {
                falseKnocks.Add(knocks[k]);
            }
        }

        return (matches, falseKnocks, duplicates);
    }

    /// <summary>Why a door was not found: the knock that comes closest to it, if any.</summary>
    private static DoorMatch Diagnose(TruthDoor door, IReadOnlyList<FoundKnock> knocks)
    {
        var doorItems = new HashSet<KnockItem>(door.Sequence);
        FoundKnock? best = null;
        int bestOverlap = 0;
        foreach (FoundKnock knock in knocks)
        {
            int overlap = knock.Sequence.Distinct().Count(doorItems.Contains);
            if (overlap > bestOverlap || (overlap == bestOverlap && overlap > 0 && knock.DestIp == door.Target && best?.DestIp != door.Target))
            {
                best = knock;
                bestOverlap = overlap;
            }
        }

        if (best is null)
        {
            return new DoorMatch(false, "no knock shares an item with this door", null);
        }

        string id = best.Id.ToString(CultureInfo.InvariantCulture);
        bool sameItems = doorItems.SetEquals(best.Sequence) && best.Sequence.Count == door.Sequence.Count;
        string verdict = best.DestIp != door.Target
            ? $"wrong host: knock {id} has {bestOverlap} of the {doorItems.Count} items on {best.DestIp ?? "no host"}"
            : sameItems
                ? $"wrong order: knock {id} has the items as {string.Join(' ', best.Sequence)}"
                : $"partial: knock {id} has {bestOverlap} of the {doorItems.Count} items ({best.Sequence.Count} in all)";
        return new DoorMatch(false, verdict, best);
    }

    private static TargetChecks Check(OverallScore overall)
    {
        bool hasDoors = overall.Doors > 0;
        bool recall = !hasDoors || overall.Recall >= TargetChecks.MinRecall;
        bool precision = !hasDoors || overall.Precision >= TargetChecks.MinPrecision;
        bool doors = overall.DoorsFound == overall.Doors;
        bool noFalse = overall.FalseKnocks == 0;
        var failures = new List<string>();
        if (!recall)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"rule recall {Format(overall.Recall)} < {TargetChecks.MinRecall}"));
        }

        if (!precision)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"rule precision {Format(overall.Precision)} < {TargetChecks.MinPrecision}"));
        }

        if (!doors)
        {
            failures.Add($"{overall.Doors - overall.DoorsFound} of {overall.Doors} doors not found in order");
        }

        if (!noFalse)
        {
            failures.Add($"{overall.FalseKnocks} false knocks");
        }

        return new TargetChecks { RecallMet = recall, PrecisionMet = precision, DoorsMet = doors, NoFalseKnocks = noFalse, Failures = failures };
    }

    public static string Format(double? ratio) => ratio is { } value ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private sealed record DoorMatch(bool Found, string Verdict, FoundKnock? Knock);
}
