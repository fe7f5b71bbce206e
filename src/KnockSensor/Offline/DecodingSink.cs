using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Offline;

/// <summary>
/// The per-frame step of an offline run: decode, count, and hand port events to the stages (the knock detector, or
/// the windowing stage alone for advise, and the quiescent-port monitor) through the run's <see cref="StagePipeline"/>.
/// A struct so capture readers call it directly (generic specialisation, no interface dispatch); it holds only
/// references to per-run state.
/// </summary>
public readonly struct DecodingSink(DecodeCounters counters, StagePipeline? stages = null) : IFrameSink
{
    public DecodeCounters Counters { get; } = counters;

    public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
    {
        if (stages is null)
        {
            var status = FrameDecoder.Decode(frame, info, out var portEvent, out var reason);
            Counters.Record(status, portEvent, reason, info, frame.Length);
            return;
        }

        OnFrameToStages(info, frame, stages);
    }

    /// <summary>Decodes straight into the pipeline's batch: no copy of the event per packet.</summary>
    private void OnFrameToStages(in FrameInfo info, ReadOnlySpan<byte> frame, StagePipeline pipeline)
    {
        ref var portEvent = ref pipeline.Reserve();
        var status = FrameDecoder.Decode(frame, info, out portEvent, out var reason);
        Counters.Record(status, portEvent, reason, info, frame.Length);
        if (status == DecodeStatus.Transport)
        {
            pipeline.CommitTransport();
        }
        else if (status == DecodeStatus.OtherIpProtocol)
        {
            pipeline.CommitOtherIpProtocol();
        }
    }
}
