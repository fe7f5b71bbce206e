using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>
/// Feeds a stage that takes only transport events (TCP, UDP, ICMP, ICMPv6: the knock detector) from a batch that may
/// also hold other IP protocols' packets (for the quiescent monitor): the runs between those, each as one
/// <see cref="IPortEventSink.AddBatch"/>.
/// </summary>
public static class TransportRuns
{
    /// <summary>Hands <paramref name="stage"/> every transport event of <paramref name="portEvents"/>, in order, in runs.</summary>
    public static void AddTo(IPortEventSink stage, ReadOnlySpan<PortEvent> portEvents)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var runStart = 0;
        for (var i = 0; i < portEvents.Length; i++)
        {
            if (!IsTransport(portEvents[i].Protocol))
            {
                if (i > runStart)
                {
                    stage.AddBatch(portEvents[runStart..i]);
                }

                runStart = i + 1;
            }
        }

        if (portEvents.Length > runStart)
        {
            stage.AddBatch(portEvents[runStart..]);
        }
    }

    /// <summary>
    /// The protocols of <see cref="DecodeStatus.Transport"/>: for an event that was decoded at all (Transport or
    /// OtherIpProtocol), its protocol tells the two apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTransport(IpProtocol protocol) =>
        protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp or IpProtocol.Icmpv6;
}
