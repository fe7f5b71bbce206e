using KnockSensor.Decode;
using KnockSensor.Offline;

namespace KnockSensor.Tests.Offline;

public sealed class StagePipelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(StagePipeline.BatchSize)]
    [InlineData(StagePipeline.BatchSize * StagePipeline.BatchesInFlight * 3 + 17)]
    public void Threaded_stages_see_exactly_what_inline_stages_see(int count)
    {
        var events = Events(count, seed: count);
        var (inlineKnocks, inlineQuiescent) = Feed(events, threaded: false);
        var (threadedKnocks, threadedQuiescent) = Feed(events, threaded: true);

        Assert.Equal(inlineKnocks.Seen, threadedKnocks.Seen);
        Assert.Equal(inlineQuiescent.Seen, threadedQuiescent.Seen);
        Assert.Equal(events.Count(e => !e.Other), inlineKnocks.Seen.Count);
        Assert.Equal(count, inlineQuiescent.Seen.Count);
        Assert.All(inlineKnocks.Seen, t => Assert.NotEqual((IpProtocol)47, t.Protocol));
    }

    [Fact]
    public void Threaded_stages_run_off_the_reading_thread()
    {
        var knocks = new RecordingStage();
        using (var pipeline = new StagePipeline(knocks, null, threaded: true))
        {
            Assert.True(pipeline.Threaded);
            pipeline.OnTransport(Event(1, IpProtocol.Tcp));
            pipeline.Complete();
        }

        Assert.NotEqual(Environment.CurrentManagedThreadId, knocks.ThreadId);
        Assert.Equal("knocksensor-knocks", knocks.ThreadName);
    }

    [Fact]
    public void Without_stages_nothing_is_threaded()
    {
        using var pipeline = new StagePipeline(null, null, threaded: true);
        Assert.False(pipeline.Threaded);
        pipeline.OnTransport(Event(1, IpProtocol.Tcp));
        pipeline.Complete();
    }

    [Fact]
    public void A_failing_stage_fails_the_reader_instead_of_hanging_it()
    {
        var failing = new RecordingStage { FailAt = 10 };
        using var pipeline = new StagePipeline(failing, new RecordingStage(), threaded: true);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            // Far more batches than the pipeline owns: without the failure check the reader would wait forever.
            for (var i = 0; i < StagePipeline.BatchSize * StagePipeline.BatchesInFlight * 4; i++)
            {
                pipeline.OnTransport(Event(i, IpProtocol.Udp));
            }

            pipeline.Complete();
        });

        Assert.Contains("knocksensor-knocks", error.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(error.InnerException);
    }

    private static (RecordingStage Knocks, RecordingStage Quiescent) Feed((PortEvent Event, bool Other)[] events, bool threaded)
    {
        var knocks = new RecordingStage();
        var quiescent = new RecordingStage();
        using var pipeline = new StagePipeline(knocks, quiescent, threaded);
        Assert.Equal(threaded, pipeline.Threaded);
        foreach (var (portEvent, other) in events)
        {
            if (other)
            {
                pipeline.OnOtherIpProtocol(portEvent);
            }
            else
            {
                pipeline.OnTransport(portEvent);
            }
        }

        pipeline.Complete();
        return (knocks, quiescent);
    }

    private static (PortEvent Event, bool Other)[] Events(int count, int seed)
    {
        var random = new Random(seed);
        IpProtocol[] transport = [IpProtocol.Tcp, IpProtocol.Udp, IpProtocol.Icmp, IpProtocol.Icmpv6];
        return [.. Enumerable.Range(0, count).Select(i => random.Next(10) == 0
            ? (Event(i, (IpProtocol)47), true)
            : (Event(i, transport[random.Next(transport.Length)]), false))];
    }

    private static PortEvent Event(long timestampNs, IpProtocol protocol) => new()
    {
        TimestampNs = timestampNs,
        Protocol = protocol,
        DestinationPort = (ushort)(timestampNs * 7919),
        IpVersion = 4,
    };

    private sealed class RecordingStage : IPortEventSink
    {
        public List<(long TimestampNs, IpProtocol Protocol, ushort Port)> Seen { get; } = [];

        public int FailAt { get; init; } = -1;

        public int ThreadId { get; private set; }

        public string? ThreadName { get; private set; }

        public void Add(in PortEvent portEvent)
        {
            ThreadId = Environment.CurrentManagedThreadId;
            ThreadName = Thread.CurrentThread.Name;
            if (Seen.Count == FailAt)
            {
                throw new FormatException("stage failure for the test");
            }

            Seen.Add((portEvent.TimestampNs, portEvent.Protocol, portEvent.DestinationPort));
        }

        public void Flush()
        {
        }
    }
}
