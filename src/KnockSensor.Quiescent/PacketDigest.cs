using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// What counting a packet needs from the packet alone, before any table is read: its series key, its direction and
/// its flow fingerprint. Each is computed once per packet: <see cref="QuiescentMonitor.AddBatch"/> computes it a few
/// packets ahead to prefetch the flow bucket and key index entry these values point at, then counts with it.
/// </summary>
internal struct PacketDigest
{
    /// <summary><see cref="FlowTable.Fingerprint"/> of the packet's flow.</summary>
    public ulong Fingerprint;

    /// <summary><see cref="SeriesKey.Of"/> of the packet.</summary>
    public int Key;

    public FlowDirection Direction;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketDigest Of(in PortEvent portEvent, HomeNetworks homeNetworks)
    {
        var key = SeriesKey.Of(portEvent);
        // The flow's "destination port" is the key's low 16 bits (the key bases are multiples of 65,536): the port for
        // TCP and UDP, type × 256 + code for ICMP; other protocols have none. One switch on the protocol, not two.
        var destinationPortOrType = key < SeriesKey.ProtocolBase ? (ushort)key : (ushort)0;
        return new PacketDigest
        {
            Fingerprint = FlowTable.Fingerprint(portEvent, destinationPortOrType),
            Key = key,
            Direction = homeNetworks.Classify(portEvent.Source, portEvent.Destination),
        };
    }
}
