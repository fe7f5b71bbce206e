using KnockSensor.Evaluation;
using KnockSensor.Tests.Generator;
using static KnockSensor.Tests.Evaluation.EvaluationFixtures;

namespace KnockSensor.Tests.Evaluation;

public sealed class EventLogReaderTests
{
    [Theory]
    [InlineData("{\"event_type\":\"knock_rule\"", "not JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"dest_ip\":\"10.0.0.1\"}", "no \"event_type\"")]
    [InlineData("{\"event_type\":\"knock_rule\",\"dest_ip\":\"10.0.0.1\"}", "needs a \"knock_rule\" object")]
    [InlineData("{\"event_type\":\"knock_rule\",\"knock_rule\":{\"antecedent\":{\"proto\":\"tcp\",\"port\":1}}}", "no \"consequent\"")]
    [InlineData("{\"event_type\":\"knock_rule\",\"knock_rule\":{\"antecedent\":{\"proto\":\"tcp\",\"port\":70000},\"consequent\":{\"proto\":\"tcp\",\"port\":1}}}", "\"port\" from 0 to 65535")]
    [InlineData("{\"event_type\":\"knock_rule\",\"knock_rule\":{\"antecedent\":{\"port\":1},\"consequent\":{\"proto\":\"tcp\",\"port\":1}}}", "\"proto\" string")]
    [InlineData("{\"event_type\":\"knock_rule\",\"dest_ip\":\"10.0.0.999\",\"knock_rule\":{\"antecedent\":{\"proto\":\"tcp\",\"port\":1},\"consequent\":{\"proto\":\"tcp\",\"port\":2}}}", "dest_ip: not an IP address")]
    [InlineData("{\"event_type\":\"knock\",\"dest_ip\":\"10.0.0.1\",\"knock\":{\"sequence\":[]}}", "integer \"id\"")]
    [InlineData("{\"event_type\":\"knock\",\"knock\":{\"id\":1}}", "\"sequence\" list")]
    [InlineData("{\"event_type\":\"knock\",\"knock\":{\"id\":1,\"sequence\":[{\"proto\":\"icmp\",\"port\":8}]}}", "\"type\" from 0 to 255")]
    [InlineData("{\"event_type\":\"knock\",\"src_ips\":\"1.2.3.4\",\"knock\":{\"id\":1,\"sequence\":[]}}", "src_ips must be a list")]
    [InlineData("{\"event_type\":\"knock\",\"knock\":{\"id\":1,\"sequence\":[],\"activations\":-1}}", "non-negative integer")]
    public void Malformed_lines_are_refused_with_file_line_and_reason(string badLine, string reason)
    {
        string[] lines = [Stats, Rule(Target, ("tcp", 1), ("tcp", 2)), badLine, Stats];

        var e = Assert.Throws<EvaluationInputException>(() => EventLogReader.Read(lines, "run/events.ndjson"));

        Assert.Equal(3, e.Line);
        Assert.StartsWith("run/events.ndjson:3: ", e.Message);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Unknown_fields_absent_host_icmp_items_and_null_shell_port_are_accepted()
    {
        string[] lines =
        [
            """{"event_type":"knock_rule","future":{"x":1},"knock_rule":{"antecedent":{"proto":"TCP","port":1,"extra":true},"consequent":{"proto":"icmp","type":8,"code":0}}}""",
            """{"event_type":"knock","dest_ip":"::ffff:10.0.0.1","knock":{"id":9,"sequence":[{"proto":"udp","port":5}],"shell_port":null}}""",
        ];

        DetectorEvents events = EventLogReader.Read(lines, "events.ndjson");

        FoundRule rule = Assert.Single(events.Rules);
        Assert.Null(rule.DestIp);
        Assert.Equal(new KnockItem("tcp", 1), rule.Antecedent);
        Assert.Equal(new KnockItem("icmp", 8), rule.Consequent);
        FoundKnock knock = Assert.Single(events.Knocks);
        Assert.Equal(9, knock.Id);
        Assert.Null(knock.ShellPort);
        Assert.Null(knock.Activations);
        Assert.Empty(knock.SrcIps);
    }

    [Fact]
    public void A_generator_truth_is_read_as_the_generator_wrote_it()
    {
        GeneratedCapture sample = GeneratedCaptures.Sample;

        EvaluationTruth truth = TruthReader.Parse(System.Text.Encoding.UTF8.GetString(sample.TruthJson), "sample.truth.json");

        Assert.Equal("sample", truth.Profile);
        Assert.Equal(sample.Truth.Knocks.Count, truth.Doors.Count);
        for (int i = 0; i < truth.Doors.Count; i++)
        {
            var expected = sample.Truth.Knocks[i];
            TruthDoor door = truth.Doors[i];
            Assert.Equal(expected.Name, door.Name);
            Assert.Equal(expected.Target, door.Target);
            Assert.Equal(expected.Sequence.Select(p => $"{p.Proto}/{p.Port}"), door.Sequence.Select(item => item.ToString()));
            Assert.Equal($"{expected.ShellPort.Proto}/{expected.ShellPort.Port}", door.ShellPort?.ToString());
            Assert.Equal(expected.ActivationCount, door.ActivationCount);
            Assert.Equal(expected.Sources.Count, door.SourceCount);
        }
    }

    [Theory]
    [InlineData("""{"knocks":{}}""", "\"knocks\" list")]
    [InlineData("""{"knocks":[{"name":"d","target":"nowhere","sequence":[]}]}""", "\"target\" address")]
    [InlineData("""{"knocks":[{"name":"d","target":"10.0.0.1","sequence":[{"proto":"tcp","port":1}]}]}""", "at least two items")]
    [InlineData("not json", "not JSON")]
    public void A_broken_truth_is_refused(string json, string reason)
    {
        var e = Assert.Throws<EvaluationInputException>(() => TruthReader.Parse(json, "t.json"));

        Assert.Contains(reason, e.Message);
    }
}
