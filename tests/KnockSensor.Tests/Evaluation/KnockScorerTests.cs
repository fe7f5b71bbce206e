using KnockSensor.Evaluation;
using static KnockSensor.Tests.Evaluation.EvaluationFixtures;

namespace KnockSensor.Tests.Evaluation;

public sealed class KnockScorerTests
{
    private static readonly (string, int) Shell = ("tcp", 1234);

    [Fact]
    public void A_perfect_run_meets_every_target()
    {
        List<string> lines = AllPairRules();
        lines.Add(Rule(Target, ("tcp", 777), Shell));
        lines.Add(Knock(1, Target, Sequence, Shell, 5, "198.51.100.7"));
        lines.Add(Stats);

        EvaluationReport report = Score(lines);

        DoorScore door = Assert.Single(report.Doors);
        Assert.Equal(6, door.Pairs);
        Assert.Equal(6, door.PairsFound);
        Assert.Equal(1.0, door.Recall);
        Assert.Empty(door.MissingPairs);
        // The shell rule is between door items, so it is correct even though it is no sequence pair.
        // With the shell port as a fourth item (the paper's count): 12 pairs, of which the 6 and tcp/777 => shell.
        Assert.Equal(12, door.PairsWithShell);
        Assert.Equal(7, door.PairsWithShellFound);
        Assert.Equal(0.5833, report.Overall.RecallWithShell);
        Assert.Equal(7, report.Overall.Rules);
        Assert.Equal(7, report.Overall.CorrectRules);
        Assert.Equal(1.0, report.Overall.Precision);
        Assert.True(door.Found);
        Assert.Equal("found", door.Verdict);
        Assert.Equal(5, door.ActivationsFound);
        Assert.Equal(5, door.ActivationsTruth);
        Assert.True(door.ShellPortMatch);
        Assert.Equal(1, door.SourcesFound);
        Assert.Equal(0, report.Overall.FalseKnocks);
        Assert.True(report.Targets.Met, string.Join("; ", report.Targets.Failures));
    }

    [Fact]
    public void A_missing_pair_lowers_recall_and_is_named()
    {
        List<string> lines = AllPairRules();
        lines.RemoveAt(3); // udp/888 => tcp/777
        lines.Add(Knock(1, Target, Sequence, Shell));

        EvaluationReport report = Score(lines);

        DoorScore door = Assert.Single(report.Doors);
        Assert.Equal(5, door.PairsFound);
        Assert.Equal(0.8333, door.Recall);
        Assert.Equal(["udp/888 => tcp/777"], door.MissingPairs);
        Assert.Equal(0.8333, report.Overall.Recall);
        Assert.Equal(1.0, report.Overall.Precision);
        Assert.False(report.Targets.RecallMet);
        Assert.True(report.Targets.PrecisionMet);
        Assert.False(report.Targets.Met);
    }

    [Fact]
    public void A_knock_in_the_wrong_order_does_not_find_the_door_and_is_a_false_knock()
    {
        List<string> lines = AllPairRules();
        lines.Add(Knock(4, Target, [("udp", 888), ("tcp", 999), ("tcp", 777)], Shell));

        EvaluationReport report = Score(lines);

        DoorScore door = Assert.Single(report.Doors);
        Assert.False(door.Found);
        Assert.StartsWith("wrong order: knock 4", door.Verdict);
        Assert.Equal(4, door.KnockId);
        Assert.Null(door.ActivationsFound);
        Assert.Equal(1, report.Overall.FalseKnocks);
        Assert.False(report.Targets.DoorsMet);
        Assert.False(report.Targets.NoFalseKnocks);
    }

    [Fact]
    public void A_knock_missing_an_item_is_partial()
    {
        EvaluationReport report = Score([Knock(2, Target, [("tcp", 999), ("udp", 888)])]);

        Assert.StartsWith("partial: knock 2 has 2 of the 3 items", Assert.Single(report.Doors).Verdict);
    }

    [Fact]
    public void Rules_on_the_wrong_host_count_against_precision_and_not_for_recall()
    {
        List<string> lines = AllPairRules();
        lines.Add(Rule(OtherHost, ("tcp", 999), ("udp", 888)));
        lines.Add(Rule(OtherHost, ("tcp", 999), ("tcp", 777)));
        lines.Add(Knock(1, Target, Sequence, Shell));

        EvaluationReport report = Score(lines);

        DoorScore door = Assert.Single(report.Doors);
        Assert.Equal(1.0, door.Recall);
        Assert.Equal(6, door.CorrectRulesOnTarget);
        Assert.Equal(1.0, door.Precision);
        Assert.Equal(["10.1.1.7: tcp/999 => udp/888", "10.1.1.7: tcp/999 => tcp/777"], door.MisplacedRules);
        Assert.Equal(8, report.Overall.Rules);
        Assert.Equal(0.75, report.Overall.Precision);
        Assert.False(report.Targets.PrecisionMet);
    }

    [Fact]
    public void Only_rules_on_the_wrong_host_find_no_pair()
    {
        EvaluationReport report = Score(AllPairRules(OtherHost));

        Assert.Equal(0.0, report.Overall.Recall);
        Assert.Equal(0.0, report.Overall.Precision);
        Assert.Equal(6, Assert.Single(report.Doors).MisplacedRules.Count);
    }

    [Fact]
    public void Rules_without_a_host_count_as_correct_and_are_reported_apart()
    {
        List<string> lines = AllPairRules(destIp: null);
        lines.Add(Rule(null, ("tcp", 22), ("tcp", 80)));

        EvaluationReport report = Score(lines);

        Assert.Equal(1.0, report.Overall.Recall);
        Assert.Equal(7, report.Overall.HostlessRules);
        Assert.Equal(6, report.Overall.HostlessCorrectRules);
        Assert.Equal(6, Assert.Single(report.Doors).HostlessCorrectRules);
        Assert.Equal(0.8571, report.Overall.Precision);
        Assert.Equal(["(any host): tcp/22 => tcp/80"], report.WrongRules);
    }

    [Fact]
    public void A_knock_that_matches_no_door_is_a_false_knock()
    {
        List<string> lines = AllPairRules();
        lines.Add(Knock(1, Target, Sequence, Shell));
        lines.Add(Knock(2, OtherHost, [("tcp", 5000), ("tcp", 6000)]));

        EvaluationReport report = Score(lines);

        Assert.True(Assert.Single(report.Doors).Found);
        Assert.Equal(1, report.Overall.FalseKnocks);
        Assert.Equal(["knock 2 on 10.1.1.7: tcp/5000 tcp/6000"], report.FalseKnocks);
        Assert.False(report.Targets.Met);
        Assert.Equal(["1 false knocks"], report.Targets.Failures);
    }

    [Fact]
    public void The_right_sequence_on_another_host_is_not_the_door()
    {
        EvaluationReport report = Score([Knock(3, OtherHost, Sequence)]);

        DoorScore door = Assert.Single(report.Doors);
        Assert.False(door.Found);
        Assert.StartsWith("wrong host: knock 3", door.Verdict);
        Assert.Equal(1, report.Overall.FalseKnocks);
    }

    [Fact]
    public void The_last_event_of_a_knock_id_is_its_state()
    {
        // Id 1 grows into the door; id 2 starts right and changes into something else.
        List<string> lines =
        [
            Knock(1, Target, [("tcp", 999), ("udp", 888)], activations: 2),
            Knock(2, Target, Sequence, Shell, 1),
            Knock(1, Target, Sequence, Shell, 5),
            Knock(2, Target, [("tcp", 999), ("tcp", 40000)], activations: 1),
        ];

        EvaluationReport report = Score(lines);

        DoorScore door = Assert.Single(report.Doors);
        Assert.True(door.Found);
        Assert.Equal(1, door.KnockId);
        Assert.Equal(5, door.ActivationsFound);
        Assert.Equal(2, report.Overall.Knocks);
        Assert.Equal(4, report.Overall.KnockEvents);
        Assert.Equal(["knock 2 on 10.1.1.114: tcp/999 tcp/40000"], report.FalseKnocks);
    }

    [Fact]
    public void A_door_reported_twice_is_found_once_with_a_duplicate()
    {
        EvaluationReport report = Score([Knock(1, Target, Sequence), Knock(2, Target, Sequence)]);

        Assert.True(Assert.Single(report.Doors).Found);
        Assert.Equal(1, report.Overall.DuplicateKnocks);
        Assert.Equal(0, report.Overall.FalseKnocks);
    }

    [Fact]
    public void A_wrong_shell_port_is_reported_without_losing_the_door()
    {
        EvaluationReport report = Score([Knock(1, Target, Sequence, ("tcp", 4444))]);

        DoorScore door = Assert.Single(report.Doors);
        Assert.True(door.Found);
        Assert.False(door.ShellPortMatch);
        Assert.Equal("tcp/4444", door.ShellPortFound);
    }

    [Fact]
    public void Itemset_rules_icmp_rules_repeats_and_other_events_are_not_scored()
    {
        List<string> lines = AllPairRules();
        lines.Add("""{"event_type":"knock_rule","dest_ip":"10.1.1.114","knock_rule":{"antecedent":[{"proto":"tcp","port":999},{"proto":"udp","port":888}],"consequent":{"proto":"tcp","port":777}}}""");
        lines.Add("""{"event_type":"knock_rule","dest_ip":"10.1.1.114","knock_rule":{"antecedent":{"proto":"icmp","type":8},"consequent":{"proto":"tcp","port":777}}}""");
        lines.Add("""{"event_type":"knock_rule","dest_ip":"10.1.1.114","knock_rule":{"antecedent":{"proto":"tcp","port":999},"consequent":{"proto":"ipv6-icmp","type":128}}}""");
        lines.Add(lines[0]);
        lines.Add("""{"event_type":"port_anomaly","dest_ip":"10.1.1.114","port_anomaly":{"port":5}}""");
        lines.Add("");
        lines.Add(Stats);

        DetectorEvents events = EventLogReader.Read(lines, "events.ndjson");
        EvaluationReport report = KnockScorer.Score(Truth(), events);

        Assert.Equal(1, events.ItemsetRules);
        Assert.Equal(1, events.DuplicateRuleEvents);
        Assert.Equal(2, events.OtherEvents);
        Assert.Equal(2, report.Overall.IcmpRulesIgnored);
        Assert.Equal(6, report.Overall.Rules);
        Assert.Equal(1.0, report.Overall.Precision);
    }

    [Fact]
    public void A_knock_free_truth_needs_no_knock_at_all()
    {
        EvaluationReport quiet = Score([Rule(OtherHost, ("tcp", 1), ("tcp", 2)), Stats], NoDoorTruth);
        EvaluationReport noisy = Score([Knock(1, OtherHost, [("tcp", 1), ("tcp", 2)])], NoDoorTruth);

        Assert.True(quiet.Targets.Met, string.Join("; ", quiet.Targets.Failures));
        Assert.Null(quiet.Overall.Recall);
        Assert.Equal(0.0, quiet.Overall.Precision);
        Assert.False(noisy.Targets.Met);
        Assert.Equal(1, noisy.Overall.FalseKnocks);
    }

    [Fact]
    public void No_rules_for_a_door_fail_recall_and_precision()
    {
        EvaluationReport report = Score([Knock(1, Target, Sequence, Shell)]);

        Assert.Equal(0.0, report.Overall.Recall);
        Assert.Null(report.Overall.Precision);
        Assert.False(report.Targets.RecallMet);
        Assert.False(report.Targets.PrecisionMet);
    }
}
