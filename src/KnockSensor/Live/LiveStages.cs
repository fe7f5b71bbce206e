using KnockSensor.Decode;
using KnockSensor.Quiescent;

namespace KnockSensor.Live;

/// <summary>
/// The stages a live run feeds on its merging thread: the knock detector, and the quiescent-port monitor beside it.
/// The detector sees what an offline run gives it (packets with ports), the monitor also packets of other IP
/// protocols, as <c>Offline/DecodingSink</c> does.
/// </summary>
public sealed class LiveStages(IPortEventSink knocks, QuiescentMonitor quiescent) : IPortEventSink
{
    public void Add(in PortEvent portEvent)
    {
        if (TransportRuns.IsTransport(portEvent.Protocol))
        {
            knocks.Add(portEvent);
        }

        quiescent.Add(portEvent);
    }

    public void AddBatch(ReadOnlySpan<PortEvent> portEvents)
    {
        TransportRuns.AddTo(knocks, portEvents);
        ((IPortEventSink)quiescent).AddBatch(portEvents);
    }

    public void Flush()
    {
        knocks.Flush();
        quiescent.Flush();
    }
}
