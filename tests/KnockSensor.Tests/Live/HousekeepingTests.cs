using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Live;

namespace KnockSensor.Tests.Live;

/// <summary>
/// Housekeeping (metrics publication, state snapshots) runs on the thread that owns the stages, and its last call
/// comes after the stages have flushed, so a final snapshot sees everything.
/// </summary>
public sealed class HousekeepingTests
{
    [Fact]
    public void Complete_runs_once_on_the_merging_thread_after_the_stage_flushed()
    {
        var stage = new FlushRecordingStage();
        var housekeeping = new RecordingHousekeeping(stage);
        var stop = new LiveStopSignal();
        var source = new ListFrameSource("test0", LinkType.Ethernet, [.. LiveSample.Frames.Take(2000)], 7, stop.Raise);
        var pipeline = new LivePipeline([source], stage, stop, 64, waitMilliseconds: 1, drainMilliseconds: 1, idleLagNs: 0, clockNs: static () => 42)
        {
            Housekeeping = [housekeeping],
        };

        pipeline.Run();

        Assert.Equal(1, housekeeping.Completions);
        Assert.Equal(Environment.CurrentManagedThreadId, housekeeping.CompletionThread);
        Assert.Equal(42, housekeeping.CompletionNs);
        Assert.True(housekeeping.StageWasFlushedAtCompletion);
        Assert.True(stage.Events > 0);
        Assert.All(housekeeping.TickThreads, static id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    private sealed class FlushRecordingStage : IPortEventSink
    {
        public bool Flushed { get; private set; }

        public int Events { get; private set; }

        public void Add(in PortEvent portEvent) => Events++;

        public void Flush() => Flushed = true;
    }

    private sealed class RecordingHousekeeping(FlushRecordingStage stage) : ILiveHousekeeping
    {
        public int Completions { get; private set; }

        public int CompletionThread { get; private set; }

        public long CompletionNs { get; private set; }

        public bool StageWasFlushedAtCompletion { get; private set; }

        public List<int> TickThreads { get; } = [];

        public void Tick(long nowNs) => TickThreads.Add(Environment.CurrentManagedThreadId);

        public void Complete(long nowNs)
        {
            Completions++;
            CompletionThread = Environment.CurrentManagedThreadId;
            CompletionNs = nowNs;
            StageWasFlushedAtCompletion = stage.Flushed;
        }
    }
}
