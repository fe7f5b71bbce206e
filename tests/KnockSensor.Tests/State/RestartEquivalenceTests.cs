using System.Text;
using KnockSensor.Knocks;
using KnockSensor.Output;
using KnockSensor.Quiescent;
using KnockSensor.State;

namespace KnockSensor.Tests.State;

/// <summary>
/// The core promise of the state snapshot: a run stopped anywhere, saved, restored into new objects (what a new process
/// would build) and continued gives the same knock_rule, knock and port_anomaly events and the same summaries as one
/// run over the whole traffic.
/// </summary>
public sealed class RestartEquivalenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("knocksensor-state-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void A_day_cut_at_random_points_and_restored_each_time_gives_the_events_and_summaries_of_one_run()
    {
        var events = StageTraffic.Day;
        var whole = Run(events, cuts: []);

        // Seeded cut points anywhere in the day; almost every one falls inside a window and inside a bin, which the
        // assertions below check from the data rather than assume.
        var random = new Random(20261123);
        var cuts = Enumerable.Range(0, 6).Select(_ => random.Next(1, events.Length - 1)).Order().Distinct().ToArray();
        var restarted = Run(events, cuts);

        Assert.True(whole.Log.Contains("\"event_type\":\"knock\"", StringComparison.Ordinal), "the day has knocks");
        Assert.True(whole.Log.Contains("\"event_type\":\"knock_rule\"", StringComparison.Ordinal), "the day has knock rules");
        Assert.True(Lines(whole.Log, "knock\"").Any(static line => line.Contains("\"src_port\":", StringComparison.Ordinal) && line.Contains("\"community_id\":", StringComparison.Ordinal)), "the day's knocks carry their shell connection's flow, so the cuts restore it too");
        Assert.True(whole.Log.Contains("\"event_type\":\"port_anomaly\"", StringComparison.Ordinal), "the day has port anomalies with one-minute bins");
        Assert.Equal(cuts.Length, restarted.Restores);
        Assert.True(restarted.CutsInsideAWindow == cuts.Length, $"{restarted.CutsInsideAWindow} of {cuts.Length} cuts fell inside an open window");
        Assert.True(restarted.CutsInsideABin == cuts.Length, $"{restarted.CutsInsideABin} of {cuts.Length} cuts fell inside a bin");
        // Knock events stream out as windows close; anomalies go out when a run ends (or before each snapshot), so
        // the two kinds interleave differently and are compared as two streams, each in order.
        Assert.Equal(Lines(whole.Log, "knock"), Lines(restarted.Log, "knock"));
        Assert.Equal(Lines(whole.Log, "port_anomaly"), Lines(restarted.Log, "port_anomaly"));
        Assert.Equal(whole.Log.Length, restarted.Log.Length);
        Assert.Equal(whole.Summary, restarted.Summary);
    }

    [Fact]
    public void A_snapshot_taken_right_after_another_restore_is_byte_for_byte_the_same()
    {
        // Restoring and saving again must not lose or invent anything: the second file equals the first.
        var events = StageTraffic.Day;
        using var buffer = new MemoryStream();
        using var log = EventLog.Create(buffer);
        var detector = StageTraffic.NewDetector(log);
        var monitor = StageTraffic.NewMonitor();
        for (var i = 0; i < events.Length / 2; i++)
        {
            StageTraffic.Feed(events[i], detector, monitor);
        }

        var first = Save(detector, monitor, "first");
        var restoredDetector = StageTraffic.NewDetector(log);
        var restoredMonitor = StageTraffic.NewMonitor();
        Assert.Equal(RestoreOutcome.Restored, new StateStore(first.Directory, TextWriter.Null).Restore(restoredDetector, restoredMonitor));
        var second = Save(restoredDetector, restoredMonitor, "second");

        Assert.Equal(Body(first.Path), Body(second.Path));
    }

    /// <summary>The lines whose event type starts with <paramref name="eventType"/> (knock covers knock and knock_rule).</summary>
    private static string[] Lines(string log, string eventType) =>
        [.. log.Split('\n').Where(line => line.Contains($"\"event_type\":\"{eventType}", StringComparison.Ordinal))];

    private (string Directory, string Path) Save(KnockDetector detector, QuiescentMonitor monitor, string name)
    {
        var store = new StateStore(Path.Combine(_directory.FullName, name), TextWriter.Null);
        Assert.True(store.Save(detector, monitor));
        return (store.Directory, store.Path);
    }

    /// <summary>The file without its header and the snapshot time (the first 8 bytes after the body tag).</summary>
    private static byte[] Body(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var descriptionLength = BitConverter.ToInt32(bytes, 20);
        var body = bytes.AsSpan(SnapshotFile.HeaderLength + descriptionLength).ToArray();
        Array.Clear(body, 4, 8);
        return body;
    }

    private RunResult Run(DecodedEvent[] events, int[] cuts)
    {
        using var buffer = new MemoryStream();
        var summary = new StringBuilder();
        var restores = 0;
        var insideWindow = 0;
        var insideBin = 0;
        var anomalies = new List<PortAnomaly>();
        using (var log = EventLog.Create(buffer))
        {
            var detector = StageTraffic.NewDetector(log);
            var monitor = StageTraffic.NewMonitor();
            var store = new StateStore(Path.Combine(_directory.FullName, "cut-" + Guid.NewGuid().ToString("N")), TextWriter.Null);
            var next = 0;
            foreach (var cut in cuts.Append(events.Length))
            {
                for (; next < cut; next++)
                {
                    StageTraffic.Feed(events[next], detector, monitor);
                }

                if (cut == events.Length)
                {
                    break;
                }

                insideWindow += detector.Windower.CurrentWindow.AccessCount > 0 ? 1 : 0;
                var binNs = StageTraffic.BinSeconds * 1_000_000_000L;
                insideBin += events[cut - 1].Event.TimestampNs / binNs == events[cut].Event.TimestampNs / binNs ? 1 : 0;

                // As the command line does: anomalies go to the log before the snapshot, so none comes back after it.
                PortAnomalyEvent.WriteAll(log, monitor.Anomalies);
                anomalies.AddRange(monitor.Anomalies);
                monitor.Anomalies.Clear();
                Assert.True(store.Save(detector, monitor));

                detector = StageTraffic.NewDetector(log);
                monitor = StageTraffic.NewMonitor();
                Assert.Equal(RestoreOutcome.Restored, store.Restore(detector, monitor));
                restores++;
            }

            detector.Flush();
            monitor.Flush();
            PortAnomalyEvent.WriteAll(log, monitor.Anomalies);
            anomalies.AddRange(monitor.Anomalies);
            summary.Append(KnockSummary.Format(detector));
            summary.AppendLine(QuiescentSummary.Format(monitor, anomalies));
            summary.AppendLine(detector.Windower.Counters.ToString());
            summary.AppendLine(detector.Miner.Counters.ToString());
            summary.AppendLine(detector.Counters.ToString());
            summary.AppendLine($"monitor: packets {monitor.Packets}, late {monitor.LatePackets}, bins {monitor.BinsClosed}, flows {monitor.FlowsStarted}, evicted {monitor.FlowsEvicted}, overflow {monitor.KeyOverflowPackets}, keys {monitor.KeysTracked}, clusters {monitor.State.ClusterCount}, anomalies {monitor.State.Anomalies}");
            log.Flush();
        }

        return new RunResult(Encoding.UTF8.GetString(buffer.ToArray()), summary.ToString(), restores, insideWindow, insideBin);
    }

    private sealed record RunResult(string Log, string Summary, int Restores, int CutsInsideAWindow, int CutsInsideABin);
}
