namespace KnockSensor.Decode;

/// <summary>Names and enumeration of <see cref="MalformedReason"/> without reflection (AOT-safe, allocation-free).</summary>
public static class MalformedReasons
{
    /// <summary>Number of enum slots, <see cref="MalformedReason.None"/> included: the size of a per-reason counter array.</summary>
    public const int Count = (int)MalformedReason.BadUdpLength + 1;

    /// <summary>The snake_case label used in metrics, events and the summary.</summary>
    public static string Label(MalformedReason reason) => reason switch
    {
        MalformedReason.None => "none",
        MalformedReason.TruncatedLinkHeader => "truncated_link_header",
        MalformedReason.VlanStackTooDeep => "vlan_stack_too_deep",
        MalformedReason.TruncatedIpHeader => "truncated_ip_header",
        MalformedReason.BadIpVersion => "bad_ip_version",
        MalformedReason.BadIpHeaderLength => "bad_ip_header_length",
        MalformedReason.BadIpTotalLength => "bad_ip_total_length",
        MalformedReason.Ipv6ExtensionChainTooLong => "ipv6_extension_chain_too_long",
        MalformedReason.TruncatedIpv6ExtensionHeader => "truncated_ipv6_extension_header",
        MalformedReason.TruncatedTransportHeader => "truncated_transport_header",
        MalformedReason.BadTcpDataOffset => "bad_tcp_data_offset",
        MalformedReason.BadUdpLength => "bad_udp_length",
        _ => "unknown",
    };
}
