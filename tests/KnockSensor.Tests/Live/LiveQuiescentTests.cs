using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Live;
using KnockSensor.Offline;
using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Live;

/// <summary>
/// The quiescent-port monitor in a live run sees what it sees offline: the same packets (other IP protocols
/// included), flows and keys, whether one capture thread or several feed the merge; the knock stage beside it still
/// gets only packets with ports.
/// </summary>
public sealed class LiveQuiescentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_monitor_counts_the_same_live_as_offline(int threads)
    {
        var frames = LiveSample.Frames;
        var offline = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 60 });
        using var stages = new KnockSensor.Offline.StagePipeline(null, offline, threaded: false);
        var offlineSink = new DecodingSink(new DecodeCounters(), stages);
        foreach (var (info, bytes) in frames)
        {
            offlineSink.OnFrame(info, bytes);
        }

        stages.Complete();
        offline.Flush();

        var live = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 60 });
        var knocks = new ProtocolRecorder();
        var stop = new LiveStopSignal();
        var remaining = threads;
        var sources = Enumerable.Range(0, threads)
            .Select(t => (KnockSensor.Capture.Live.ILiveCaptureSource)new ListFrameSource($"t{t}", LinkType.Ethernet, frames.Where((_, i) => i % threads == t).ToList(), t, () =>
            {
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    stop.Raise();
                }
            }))
            .ToList();
        var pipeline = new LivePipeline(sources, new LiveStages(knocks, live), stop, 64, waitMilliseconds: 1, drainMilliseconds: 1, idleLagNs: 0, clockNs: static () => 0, forwardOtherIpProtocols: true);
        pipeline.Run();

        Assert.True(offline.Packets > 1000);
        Assert.Equal(offline.Packets, live.Packets);
        Assert.Equal(offline.FlowsStarted, live.FlowsStarted);
        Assert.Equal(offline.KeysTracked, live.KeysTracked);
        Assert.Equal(offline.BinsClosed, live.BinsClosed);
        Assert.True(knocks.Events > 0);
        Assert.Equal(0, knocks.WithoutPorts);
    }

    private sealed class ProtocolRecorder : IPortEventSink
    {
        public int Events { get; private set; }

        public int WithoutPorts { get; private set; }

        public void Add(in PortEvent portEvent)
        {
            Events++;
            if (portEvent.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp or IpProtocol.Icmpv6))
            {
                WithoutPorts++;
            }
        }

        public void Flush()
        {
        }
    }
}
