using KnockSensor.Decode;
using KnockSensor.Output;
using KnockSensor.State;

namespace KnockSensor.Tests.State;

/// <summary>
/// Stages fed runs of events (<see cref="IPortEventSink.AddBatch"/>, which prefetches table entries ahead) end in
/// exactly the state of stages fed one event at a time: the same events written and the same snapshot, byte for byte.
/// </summary>
public sealed class BatchEquivalenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("knocksensor-batch-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Runs_of_random_length_end_in_the_state_of_single_adds(int seed)
    {
        var events = StageTraffic.Day;
        var single = Run(events, batched: false, seed);
        var batched = Run(events, batched: true, seed);

        Assert.Contains("\"event_type\":\"knock\"", single.Log, StringComparison.Ordinal);
        Assert.Contains("\"event_type\":\"port_anomaly\"", single.Log, StringComparison.Ordinal);
        Assert.Equal(single.Log, batched.Log);
        Assert.Equal(single.Snapshot, batched.Snapshot);
    }

    private (string Log, byte[] Snapshot) Run(DecodedEvent[] events, bool batched, int seed)
    {
        using var buffer = new MemoryStream();
        byte[] snapshot;
        using (var log = EventLog.Create(buffer))
        {
            var detector = StageTraffic.NewDetector(log);
            var monitor = StageTraffic.NewMonitor();
            if (batched)
            {
                // Runs as the stage threads make them: transport runs for the detector between other protocols'
                // packets, everything for the monitor; lengths from 1 to a few thousand, cut at random.
                var random = new Random(seed);
                var next = 0;
                while (next < events.Length)
                {
                    var length = Math.Min(events.Length - next, random.Next(3) == 0 ? random.Next(1, 8) : random.Next(1, 5000));
                    var run = events.AsSpan(next, length);
                    var portEvents = run.ToArray().Select(static e => e.Event).ToArray();
                    var start = 0;
                    for (var i = 0; i <= run.Length; i++)
                    {
                        if (i == run.Length || !run[i].ToDetector)
                        {
                            detector.AddBatch(portEvents.AsSpan(start, i - start));
                            start = i + 1;
                        }
                    }

                    ((IPortEventSink)monitor).AddBatch(portEvents);
                    next += length;
                }
            }
            else
            {
                foreach (var decoded in events)
                {
                    StageTraffic.Feed(decoded, detector, monitor);
                }
            }

            var store = new StateStore(Path.Combine(_directory.FullName, $"{(batched ? "batched" : "single")}-{seed}"), TextWriter.Null);
            Assert.True(store.Save(detector, monitor));
            snapshot = File.ReadAllBytes(store.Path);
            detector.Flush();
            monitor.Flush();
            PortAnomalyEvent.WriteAll(log, monitor.Anomalies);
        }

        // The header holds the snapshot time; the body after it must match byte for byte.
        var descriptionLength = BitConverter.ToInt32(snapshot, 20);
        var body = snapshot.AsSpan(SnapshotFile.HeaderLength + descriptionLength).ToArray();
        Array.Clear(body, 4, 8);
        return (System.Text.Encoding.UTF8.GetString(buffer.ToArray()), body);
    }
}
