using System.Globalization;
using System.Text.RegularExpressions;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Cli;

/// <summary>
/// <c>knocksensor advise</c> on the sample capture in the paper's every-packet mode: t and u must be what tshark
/// counts in the same file, and l, p and the sweep must follow from them as section 5.1 and Table 2 say.
/// </summary>
public sealed partial class AdviseCommandLineTests
{
    private const int WindowSize = 100;

    [Fact]
    public void Advise_counts_accesses_and_items_like_tshark_and_derives_the_model_from_them()
    {
        var run = ProcessRunner.Run(Repository.SensorBinary, ["advise", "-r", Repository.SampleCapture, "--every-packet", "--window-size", WindowSize.ToString(CultureInfo.InvariantCulture), "--no-progress"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var output = run.StandardOutput;

        var (accesses, items) = TsharkAccesses(Repository.SampleCapture);
        Assert.Equal(accesses, Number(output, "port accesses t:"));
        Assert.Equal(items, Number(output, "involved items u:"));
        Assert.Equal(accesses / WindowSize, Number(output, "windows l = t/ws:"));

        var expectedP = 1 - Math.Pow(1 - 1.0 / items, WindowSize);
        var printedP = double.Parse(Field(output, "p = 1-(1-1/u)^ws:").Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(expectedP, printedP, 5);

        var sweep = SweepRow().Matches(output).Select(m => (Inte: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Rules: long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))).ToList();
        Assert.True(sweep.Count >= 2, output);
        Assert.Equal(0.0, sweep[0].Inte);
        Assert.Equal(1.0, sweep[^1].Inte);
        for (var i = 1; i < sweep.Count; i++)
        {
            Assert.True(sweep[i].Rules <= sweep[i - 1].Rules, $"rule count rose with minInte:\n{output}");
        }

        Assert.Contains("suggested minSupp:", output, StringComparison.Ordinal);
        Assert.Contains("suggested minInte:", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The paper's database from tshark: every frame whose outermost transport is TCP, UDP, ICMP or ICMPv6 is one
    /// access to (protocol, destination port or ICMP type). The sample has no tunnels and no fragments.
    /// </summary>
    private static (long Accesses, long Items) TsharkAccesses(string capture)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", capture, "-T", "fields", "-E", "occurrence=f",
            "-e", "frame.protocols", "-e", "tcp.dstport", "-e", "udp.dstport", "-e", "icmp.type", "-e", "icmpv6.type"]);
        long accesses = 0;
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split('\t');
            var protocols = columns[0].Split(':');
            var ip = Array.FindIndex(protocols, static p => p is "ip" or "ipv6");
            var transport = ip >= 0 && ip + 1 < protocols.Length ? protocols[ip + 1] : null;
            string? item = transport switch
            {
                "tcp" => "tcp/" + columns[1],
                "udp" => "udp/" + columns[2],
                "icmp" => "icmp/" + columns[3],
                "icmpv6" => "icmp6/" + columns[4],
                _ => null,
            };
            if (item is not null)
            {
                accesses++;
                items.Add(item);
            }
        }

        return (accesses, items.Count);
    }

    private static string Field(string output, string label)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{label}' line in:\n{output}");
        return line[label.Length..].Trim();
    }

    private static long Number(string output, string label) =>
        long.Parse(Field(output, label).Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s+([01]\.\d\d)\s+([\d,]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SweepRow();
}
