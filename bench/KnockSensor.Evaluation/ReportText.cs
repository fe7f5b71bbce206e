using System.Globalization;
using System.Text;

namespace KnockSensor.Evaluation;

/// <summary>The readable form of a report: one table row per door, the overall line, then what failed and why.</summary>
public static class ReportText
{
    public static string Render(EvaluationReport report)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"profile: {(report.Profile.Length == 0 ? "(unnamed)" : report.Profile)}");
        text.AppendLine(c, $"{"door",-12} {"target",-16} {"n",2} {"pairs",7} {"recall",7} {"rules@host",10} {"prec",6} {"found",-5} {"acts",7} {"shell",-15} {"srcs",9}  sequence");
        foreach (DoorScore door in report.Doors)
        {
            string activations = $"{(door.ActivationsFound?.ToString(c) ?? "-")}/{door.ActivationsTruth}";
            string shell = door.ShellPort is null ? "-" : door.ShellPortMatch switch
            {
                true => "ok " + door.ShellPort,
                false => "got " + (door.ShellPortFound ?? "none"),
                null => "? " + door.ShellPort,
            };
            string sources = $"{(door.SourcesFound?.ToString(c) ?? "-")}/{(door.Spoofed ? door.KnockSourcesTruth : door.SourcesTruth)}{(door.Spoofed ? "s" : "")}";
            text.AppendLine(c, $"{door.Name,-12} {door.Target,-16} {door.Sequence.Count,2} {door.PairsFound,3}/{door.Pairs,-3} {KnockScorer.Format(door.Recall),7} {door.CorrectRulesOnTarget,4}/{door.RulesOnTarget,-5} {KnockScorer.Format(door.Precision),6} {(door.Found ? "yes" : "NO"),-5} {activations,7} {shell,-15} {sources,9}  {string.Join(' ', door.Sequence)}");
        }

        OverallScore o = report.Overall;
        text.AppendLine(c, $"overall: rule recall {KnockScorer.Format(o.Recall)} ({o.PairsFound}/{o.Pairs} pairs; with the shell port as an item, as the paper counts: {KnockScorer.Format(o.RecallWithShell)}, {o.PairsWithShellFound}/{o.PairsWithShell}), precision {KnockScorer.Format(o.Precision)} ({o.CorrectRules}/{o.Rules} rules; {o.HostlessCorrectRules}/{o.HostlessRules} without dest_ip correct), doors found {o.DoorsFound}/{o.Doors}, knocks {o.Knocks} ({o.KnockEvents} events), false knocks {o.FalseKnocks}, duplicate knocks {o.DuplicateKnocks}");
        if (o.IcmpRulesIgnored + o.ItemsetRules + o.DuplicateRuleEvents > 0)
        {
            text.AppendLine(c, $"not scored: {o.IcmpRulesIgnored} ICMP rules (truth has no ICMP items), {o.ItemsetRules} itemset rules, {o.DuplicateRuleEvents} repeated rule events");
        }

        foreach (DoorScore door in report.Doors.Where(door => !door.Found || door.MissingPairs.Count > 0 || door.MisplacedRules.Count > 0))
        {
            text.AppendLine(c, $"{door.Name}: {door.Verdict}");
            if (door.MissingPairs.Count > 0)
            {
                text.AppendLine(c, $"  missing pairs: {string.Join(", ", door.MissingPairs)}");
            }

            if (door.MisplacedRules.Count > 0)
            {
                text.AppendLine(c, $"  its rules on other hosts: {string.Join(", ", door.MisplacedRules)}");
            }
        }

        foreach (string knock in report.FalseKnocks)
        {
            text.AppendLine(c, $"false knock: {knock}");
        }

        if (report.WrongRules.Count > 0)
        {
            text.AppendLine(c, $"wrong rules{(report.WrongRules.Count == KnockScorer.ListLimit ? $" (first {KnockScorer.ListLimit})" : "")}:");
            foreach (string rule in report.WrongRules)
            {
                text.AppendLine(c, $"  {rule}");
            }
        }

        text.AppendLine(report.Targets.Met ? "targets: met" : $"targets: NOT met: {string.Join("; ", report.Targets.Failures)}");
        return text.ToString();
    }
}
