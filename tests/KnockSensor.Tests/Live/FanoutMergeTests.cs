using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Live;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Live;

/// <summary>
/// Capture threads fed by flow hash (as PACKET_FANOUT_HASH spreads frames) and merged into one consumer give the
/// stages exactly what a single thread reading the same frames in order gives them: the same port events in the same
/// order, the same windows, the same totals.
/// </summary>
public sealed class FanoutMergeTests
{
    private static readonly IReadOnlyList<(FrameInfo Info, byte[] Bytes)> Sample = LiveSample.Frames;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    public void Merged_threads_equal_a_single_thread_run(int threads, int seed)
    {
        var reference = SingleThread(Sample);
        var merged = Pipelined(Sample, threads, seed, queueCapacity: 64);

        Assert.Equal(reference.Events.Count, merged.Events.Count);
        Assert.Equal(reference.Events, merged.Events);
        Assert.Equal(reference.Windows, merged.Windows);
        Assert.Equal(reference.Counters.Frames, merged.Counters.Frames);
        Assert.Equal(reference.Counters.TcpSyn, merged.Counters.TcpSyn);
        Assert.Equal(reference.Counters.Udp, merged.Counters.Udp);
        Assert.Equal(reference.Counters.VlanTagged, merged.Counters.VlanTagged);
        Assert.Equal(0, merged.LateEvents);
    }

    [Fact]
    public void The_sample_is_a_fair_test()
    {
        // Flows really are spread over threads, and timestamps strictly increase: two frames of different flows with
        // the same timestamp have no defined order even for one thread (the merge puts the lower thread first).
        var perThread = Partition(Sample, 3).Select(static p => p.Count).ToArray();
        Assert.All(perThread, count => Assert.True(count > Sample.Count / 10, $"unbalanced partition: {string.Join(", ", perThread)}"));
        Assert.True(Sample.Count > 5000);
        for (var i = 1; i < Sample.Count; i++)
        {
            Assert.True(Sample[i].Info.TimestampNs > Sample[i - 1].Info.TimestampNs, $"sample frame {i} is not after frame {i - 1}");
        }
    }

    private static Outcome SingleThread(IReadOnlyList<(FrameInfo Info, byte[] Bytes)> frames)
    {
        var recorder = new RecordingStage();
        var counters = new DecodeCounters();
        foreach (var (info, bytes) in frames)
        {
            var status = FrameDecoder.Decode(bytes, info, out var portEvent, out var reason);
            counters.Record(status, portEvent, reason, info, bytes.Length);
            if (status == DecodeStatus.Transport)
            {
                recorder.Add(portEvent);
            }
        }

        recorder.Flush();
        return new Outcome(recorder.Events, recorder.Windows, counters, 0);
    }

    private static Outcome Pipelined(IReadOnlyList<(FrameInfo Info, byte[] Bytes)> frames, int threads, int seed, int queueCapacity)
    {
        var recorder = new RecordingStage();
        var stop = new LiveStopSignal();
        var remaining = threads;
        var sources = Partition(frames, threads)
            .Select((part, i) => (KnockSensor.Capture.Live.ILiveCaptureSource)new ListFrameSource($"test{i}", LinkType.Ethernet, part, seed * 100 + i, () =>
            {
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    stop.Raise();
                }
            }))
            .ToList();

        // A clock far before every frame: idle threads never vouch for anything, so only queued events and the
        // final drain let the merge go on — the strictest schedule.
        var pipeline = new LivePipeline(sources, recorder, stop, queueCapacity, waitMilliseconds: 1, drainMilliseconds: 1, idleLagNs: 0, clockNs: static () => 0);
        pipeline.Run();
        Assert.All(sources, static s => Assert.True(((ListFrameSource)s).Disposed));
        return new Outcome(recorder.Events, recorder.Windows, pipeline.MergedCounters(), pipeline.Merger.LateEvents);
    }

    /// <summary>Frames by a symmetric hash of the flow (addresses, protocol, ports), as the kernel's fanout does.</summary>
    private static List<List<(FrameInfo, byte[])>> Partition(IReadOnlyList<(FrameInfo Info, byte[] Bytes)> frames, int threads)
    {
        var parts = Enumerable.Range(0, threads).Select(static _ => new List<(FrameInfo, byte[])>()).ToList();
        foreach (var frame in frames)
        {
            FrameDecoder.Decode(frame.Bytes, frame.Info, out var e, out _);
            var a = HashCode.Combine(e.Source, e.SourcePort);
            var b = HashCode.Combine(e.Destination, e.DestinationPort);
            var flow = (uint)HashCode.Combine(Math.Min(a, b), Math.Max(a, b), e.Protocol);
            parts[(int)(flow % (uint)threads)].Add(frame);
        }

        return parts;
    }

    private sealed record Outcome(List<PortEvent> Events, List<string> Windows, DecodeCounters Counters, long LateEvents);

    /// <summary>Records every event and, through a real windower (50 accesses per window), every closed window.</summary>
    private sealed class RecordingStage : IPortEventSink, IWindowSink
    {
        private readonly PortWindower _windower;

        public RecordingStage() => _windower = new PortWindower(new WindowingOptions { WindowSize = 50 }, this);

        public List<PortEvent> Events { get; } = [];

        public List<string> Windows { get; } = [];

        public void Add(in PortEvent portEvent)
        {
            Events.Add(portEvent);
            _windower.Add(portEvent);
        }

        // The merger hands runs over (straight from the ring with one worker): the windower gets them as runs too,
        // so the single-thread reference (one Add at a time) also checks its prefetching AddBatch.
        public void AddBatch(ReadOnlySpan<PortEvent> portEvents)
        {
            foreach (ref readonly var portEvent in portEvents)
            {
                Events.Add(portEvent);
            }

            _windower.AddBatch(portEvents);
        }

        public void Flush() => _windower.Flush();

        public void OnWindowClosed(PortWindow window) =>
            Windows.Add($"{window.Sequence}:{window.AccessCount}:{window.StartNs}:{window.EndNs}:{string.Join(',', window.Items.ToArray().Select(static i => i.Value))}");
    }
}
