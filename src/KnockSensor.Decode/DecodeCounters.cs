using System.Runtime.CompilerServices;
using KnockSensor.Capture;

namespace KnockSensor.Decode;

/// <summary>
/// Running totals of what the decoder saw: the numbers behind the summary, the stats event and (later) the metrics.
/// </summary>
/// <remarks>
/// Single-owner: one capture thread records into its own instance, without locks; instances are combined with
/// <see cref="Add"/> where results are reported. Recording allocates nothing: every table is fixed-size.
/// </remarks>
public sealed class DecodeCounters
{
    /// <summary>How many distinct unsupported link types are counted by value; the rest share one overflow slot.</summary>
    public const int UnsupportedLinkTypeSlots = 8;

    /// <summary>The link-type value that stands for "several others" in <see cref="UnsupportedLinkTypes"/>.</summary>
    public const uint OtherLinkTypes = uint.MaxValue;

    private readonly long[] _malformed = new long[MalformedReasons.Count];
    private readonly uint[] _unsupportedLinkTypes = new uint[UnsupportedLinkTypeSlots];
    private readonly long[] _unsupportedLinkTypeCounts = new long[UnsupportedLinkTypeSlots];
    private readonly long[] _tcpSynByDestinationPort = new long[65536];
    private readonly long[] _udpByDestinationPort = new long[65536];
    private int _unsupportedLinkTypesUsed;

    /// <summary>Frames seen, whatever became of them.</summary>
    public long Frames { get; private set; }

    /// <summary>Sum of on-the-wire frame lengths.</summary>
    public long WireBytes { get; private set; }

    /// <summary>Sum of captured frame lengths (≤ <see cref="WireBytes"/> under a snap length).</summary>
    public long CapturedBytes { get; private set; }

    public long Ipv4 { get; private set; }

    public long Ipv6 { get; private set; }

    /// <summary>Frames that carried at least one VLAN tag (in the frame or reported by the kernel).</summary>
    public long VlanTagged { get; private set; }

    public long Tcp { get; private set; }

    /// <summary>TCP segments with SYN set and ACK clear: connection attempts.</summary>
    public long TcpSyn { get; private set; }

    public long Udp { get; private set; }

    public long Icmp { get; private set; }

    public long Icmpv6 { get; private set; }

    /// <summary>IP packets of other protocols (GRE, ESP, SCTP, …).</summary>
    public long OtherIpProtocol { get; private set; }

    /// <summary>Non-first IP fragments (no transport header).</summary>
    public long LaterFragments { get; private set; }

    /// <summary>First fragments of fragmented datagrams (decoded, with ports).</summary>
    public long FirstFragments { get; private set; }

    /// <summary>Frames whose captured bytes stop before the packet does, headers intact (snap length).</summary>
    public long SnapTruncated { get; private set; }

    public long NotIp { get; private set; }

    public long UnsupportedLinkType { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>Timestamp of the first frame (ns since the epoch), or 0 when none was seen.</summary>
    public long FirstTimestampNs { get; private set; }

    /// <summary>Timestamp of the last frame (ns since the epoch), or 0 when none was seen.</summary>
    public long LastTimestampNs { get; private set; }

    /// <summary>Counts one decoded frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(DecodeStatus status, in PortEvent portEvent, MalformedReason reason, in FrameInfo info, int capturedLength)
    {
        if (Frames == 0)
        {
            FirstTimestampNs = info.TimestampNs;
        }

        Frames++;
        WireBytes += info.WireLength;
        CapturedBytes += capturedLength;
        LastTimestampNs = info.TimestampNs;

        switch (status)
        {
            case DecodeStatus.Transport:
                RecordIp(portEvent);
                RecordTransport(portEvent);
                break;
            case DecodeStatus.OtherIpProtocol:
                RecordIp(portEvent);
                OtherIpProtocol++;
                break;
            case DecodeStatus.LaterFragment:
                RecordIp(portEvent);
                LaterFragments++;
                break;
            case DecodeStatus.NotIp:
                NotIp++;
                break;
            case DecodeStatus.UnsupportedLinkType:
                RecordUnsupportedLinkType(info.LinkType);
                break;
            default:
                Malformed++;
                _malformed[(int)reason < _malformed.Length ? (int)reason : 0]++;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordIp(in PortEvent portEvent)
    {
        if (portEvent.IpVersion == 6)
        {
            Ipv6++;
        }
        else
        {
            Ipv4++;
        }

        if (portEvent.VlanCount != 0)
        {
            VlanTagged++;
        }

        if ((portEvent.Flags & PortEventFlags.FirstFragment) != 0)
        {
            FirstFragments++;
        }

        if ((portEvent.Flags & PortEventFlags.Truncated) != 0)
        {
            SnapTruncated++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordTransport(in PortEvent portEvent)
    {
        switch (portEvent.Protocol)
        {
            case IpProtocol.Tcp:
                Tcp++;
                if (portEvent.IsTcpSyn)
                {
                    TcpSyn++;
                    _tcpSynByDestinationPort[portEvent.DestinationPort]++;
                }

                break;
            case IpProtocol.Udp:
                Udp++;
                _udpByDestinationPort[portEvent.DestinationPort]++;
                break;
            case IpProtocol.Icmp:
                Icmp++;
                break;
            case IpProtocol.Icmpv6:
                Icmpv6++;
                break;
            default:
                OtherIpProtocol++;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordUnsupportedLinkType(LinkType linkType)
    {
        UnsupportedLinkType++;
        AddUnsupportedLinkType((uint)linkType, 1);
    }

    private void AddUnsupportedLinkType(uint linkType, long count)
    {
        for (var i = 0; i < _unsupportedLinkTypesUsed; i++)
        {
            if (_unsupportedLinkTypes[i] == linkType)
            {
                _unsupportedLinkTypeCounts[i] += count;
                return;
            }
        }

        // The last slot is "all others" (uint.MaxValue), so the set of reported link types stays bounded.
        var slot = Math.Min(_unsupportedLinkTypesUsed, UnsupportedLinkTypeSlots - 1);
        _unsupportedLinkTypes[slot] = slot == UnsupportedLinkTypeSlots - 1 ? OtherLinkTypes : linkType;
        _unsupportedLinkTypeCounts[slot] += count;
        _unsupportedLinkTypesUsed = slot + 1;
    }

    /// <summary>Frames rejected for <paramref name="reason"/>.</summary>
    public long MalformedBy(MalformedReason reason) => _malformed[(int)reason];

    /// <summary>TCP SYN (without ACK) segments sent to <paramref name="port"/>.</summary>
    public long TcpSynTo(ushort port) => _tcpSynByDestinationPort[port];

    /// <summary>UDP datagrams sent to <paramref name="port"/>.</summary>
    public long UdpTo(ushort port) => _udpByDestinationPort[port];

    /// <summary>
    /// Unsupported link types with their frame counts, in first-seen order. <see cref="OtherLinkTypes"/> stands for
    /// "several others" once more distinct types were seen than there are slots.
    /// </summary>
    public IReadOnlyList<(uint LinkType, long Frames)> UnsupportedLinkTypes()
    {
        var list = new List<(uint, long)>(_unsupportedLinkTypesUsed);
        for (var i = 0; i < _unsupportedLinkTypesUsed; i++)
        {
            list.Add((_unsupportedLinkTypes[i], _unsupportedLinkTypeCounts[i]));
        }

        return list;
    }

    /// <summary>The <paramref name="count"/> destination ports with most TCP SYNs (protocol "tcp") or UDP datagrams ("udp"), busiest first, ties by port.</summary>
    public IReadOnlyList<(string Protocol, ushort Port, long Count)> TopDestinationPorts(int count)
    {
        var top = new List<(string Protocol, ushort Port, long Count)>();
        Collect(_tcpSynByDestinationPort, "tcp", top);
        Collect(_udpByDestinationPort, "udp", top);
        top.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Port != b.Port ? a.Port.CompareTo(b.Port) : string.CompareOrdinal(a.Protocol, b.Protocol));
        if (top.Count > count)
        {
            top.RemoveRange(count, top.Count - count);
        }

        return top;

        static void Collect(long[] counts, string protocol, List<(string, ushort, long)> into)
        {
            for (var port = 0; port < counts.Length; port++)
            {
                if (counts[port] != 0)
                {
                    into.Add((protocol, (ushort)port, counts[port]));
                }
            }
        }
    }

    /// <summary>Adds <paramref name="other"/>'s totals into this instance (per-thread counters merged for reporting).</summary>
    public void Add(DecodeCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Frames == 0)
        {
            return;
        }

        if (Frames == 0 || other.FirstTimestampNs < FirstTimestampNs)
        {
            FirstTimestampNs = other.FirstTimestampNs;
        }

        LastTimestampNs = Math.Max(LastTimestampNs, other.LastTimestampNs);
        Frames += other.Frames;
        WireBytes += other.WireBytes;
        CapturedBytes += other.CapturedBytes;
        Ipv4 += other.Ipv4;
        Ipv6 += other.Ipv6;
        VlanTagged += other.VlanTagged;
        Tcp += other.Tcp;
        TcpSyn += other.TcpSyn;
        Udp += other.Udp;
        Icmp += other.Icmp;
        Icmpv6 += other.Icmpv6;
        OtherIpProtocol += other.OtherIpProtocol;
        LaterFragments += other.LaterFragments;
        FirstFragments += other.FirstFragments;
        SnapTruncated += other.SnapTruncated;
        NotIp += other.NotIp;
        UnsupportedLinkType += other.UnsupportedLinkType;
        Malformed += other.Malformed;
        for (var i = 0; i < _malformed.Length; i++)
        {
            _malformed[i] += other._malformed[i];
        }

        for (var i = 0; i < other._unsupportedLinkTypesUsed; i++)
        {
            AddUnsupportedLinkType(other._unsupportedLinkTypes[i], other._unsupportedLinkTypeCounts[i]);
        }

        for (var port = 0; port < 65536; port++)
        {
            _tcpSynByDestinationPort[port] += other._tcpSynByDestinationPort[port];
            _udpByDestinationPort[port] += other._udpByDestinationPort[port];
        }
    }
}
