using System.Runtime.CompilerServices;
using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// The per-frame step on a capture thread: decode, count, and queue the port event for the merging thread — the
/// live counterpart of <c>Offline/DecodingSink</c>, whose windowing step runs after the merge instead.
/// </summary>
/// <remarks>
/// When the queue is full the capture thread waits for room instead of dropping: the frames then wait in the kernel
/// ring, and if that fills, the kernel drops and counts them (PACKET_STATISTICS). One place counts every loss, and
/// what is delivered stays complete and in order.
/// </remarks>
public readonly struct CaptureWorkerSink(DecodeCounters counters, long[] vlanFrames, PortEventRing ring, MergerWakeup? wakeup = null, bool forwardOtherIpProtocols = false) : IFrameSink
{
    public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
    {
        var status = FrameDecoder.Decode(frame, info, out var portEvent, out var reason);
        counters.Record(status, portEvent, reason, info, frame.Length);
        if (portEvent.VlanCount != 0)
        {
            vlanFrames[portEvent.OuterVlanId]++;
        }

        // Other IP protocols (GRE, ESP, …) matter only to the quiescent-port monitor's per-protocol bins.
        if ((status == DecodeStatus.Transport || (forwardOtherIpProtocols && status == DecodeStatus.OtherIpProtocol)) && !ring.TryWrite(portEvent))
        {
            WaitForRoom(ring, wakeup, portEvent);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitForRoom(PortEventRing ring, MergerWakeup? wakeup, in PortEvent portEvent)
    {
        // The merger may have gone to sleep before this batch filled the queue; it must not wait for the batch's end.
        wakeup?.Signal();
        var spin = default(SpinWait);
        while (!ring.TryWrite(portEvent))
        {
            spin.SpinOnce(sleep1Threshold: 30);
        }
    }
}
