using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// What counting a packet needs from the packet alone, before any table is read: its series key, its direction, its
/// flow fingerprint and, for an incoming packet, its hosts' sketch hashes. Each is computed once per packet:
/// <see cref="QuiescentMonitor.AddBatch"/> computes it a few packets ahead to prefetch the table entries these values
/// index, then counts with it.
/// </summary>
internal struct PacketDigest
{
    /// <summary><see cref="FlowTable.Fingerprint"/> of the packet's flow.</summary>
    public ulong Fingerprint;

    /// <summary><see cref="DistinctCounter.Hash"/> of the source (incoming packets only: only they feed the sketches).</summary>
    public ulong SourceHash;

    /// <summary><see cref="DistinctCounter.Hash"/> of the destination (incoming packets only).</summary>
    public ulong DestinationHash;

    /// <summary><see cref="SeriesKey.Of"/> of the packet.</summary>
    public int Key;

    public FlowDirection Direction;

    /// <summary>
    /// A guess, for prefetching only, that the packet may be its flow's first in the bin and so update the sketches:
    /// every packet but TCP without SYN (a connection's later segments belong to a flow its SYN or SYN-ACK started).
    /// Counting never reads it.
    /// </summary>
    public bool MayStartFlow;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketDigest Of(in PortEvent portEvent, HomeNetworks homeNetworks)
    {
        var key = SeriesKey.Of(portEvent);
        // The flow's "destination port" is the key's low 16 bits (the key bases are multiples of 65,536): the port for
        // TCP and UDP, type × 256 + code for ICMP; other protocols have none. One switch on the protocol, not two.
        var destinationPortOrType = key < SeriesKey.ProtocolBase ? (ushort)key : (ushort)0;
        var digest = new PacketDigest
        {
            Fingerprint = FlowTable.Fingerprint(portEvent, destinationPortOrType),
            Key = key,
            Direction = homeNetworks.Classify(portEvent.Source, portEvent.Destination),
            MayStartFlow = portEvent.Protocol != IpProtocol.Tcp || (portEvent.TcpFlags & TcpFlags.Syn) != 0,
        };
        if (digest.Direction == FlowDirection.Incoming)
        {
            digest.SourceHash = DistinctCounter.Hash(portEvent.Source);
            digest.DestinationHash = DistinctCounter.Hash(portEvent.Destination);
        }

        return digest;
    }
}
