namespace KnockSensor.Generator;

/// <summary>
/// What a generated capture contains by construction, written beside it with <c>--truth</c>: the knock doors and
/// their activations, the scans, and totals over the frames actually written. Serialised with snake_case names by
/// <see cref="GroundTruthJsonContext"/>; times are RFC 3339 UTC with microseconds.
/// </summary>
internal sealed record GroundTruth
{
    public required string Generator { get; init; }

    public required string Profile { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>The command that regenerates the capture.</summary>
    public required string Command { get; init; }

    public required string Start { get; init; }

    public required string End { get; init; }

    public required IReadOnlyList<string> HomeNetworks { get; init; }

    public required IReadOnlyList<KnockTruth> Knocks { get; init; }

    public required IReadOnlyList<ScanTruth> Scans { get; init; }

    public required TotalsTruth Totals { get; init; }
}

/// <summary>One knock door: who guards it, the ordered knock, the port it opens and every activation written.</summary>
internal sealed record KnockTruth
{
    public required string Name { get; init; }

    public required string Target { get; init; }

    /// <summary>Distinct sources of the activations (the shell connections), in order of first activation.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Whether each knock comes from a different made-up address (only the shell comes from the source).</summary>
    public required bool Spoofed { get; init; }

    public required IReadOnlyList<PortTruth> Sequence { get; init; }

    public required PortTruth ShellPort { get; init; }

    public required int ActivationCount { get; init; }

    public required IReadOnlyList<ActivationTruth> Activations { get; init; }
}

/// <summary>A protocol ("tcp" or "udp") and port.</summary>
internal sealed record PortTruth(string Proto, int Port);

/// <summary>One run of a door's sequence: first and last knock, and the SYN of the shell connection that follows.</summary>
internal sealed record ActivationTruth
{
    /// <summary>Who opens the shell connection (and sends the knocks, unless the door is spoofed).</summary>
    public required string Source { get; init; }

    /// <summary>The source address of each knock, in sequence order.</summary>
    public required IReadOnlyList<string> KnockSources { get; init; }

    public required string FirstKnock { get; init; }

    public required string LastKnock { get; init; }

    public required string ShellConnect { get; init; }
}

/// <summary>A scan: one source probing many ports of one host (vertical) or one port of many hosts (horizontal).</summary>
internal sealed record ScanTruth
{
    public required string Kind { get; init; }

    public required string Source { get; init; }

    /// <summary>The scanned host (vertical) or the scanned prefix (horizontal).</summary>
    public required string Target { get; init; }

    public required string Proto { get; init; }

    /// <summary>Distinct destination ports probed.</summary>
    public required int Ports { get; init; }

    /// <summary>Probes sent (SYNs without ACK for TCP).</summary>
    public required int Probes { get; init; }

    public required string Start { get; init; }

    public required string End { get; init; }
}

/// <summary>Counts over the written frames (see <see cref="TrafficTotals"/>).</summary>
internal sealed record TotalsTruth
{
    public required long Packets { get; init; }

    /// <summary>Frame bytes, without pcap record headers.</summary>
    public required long Bytes { get; init; }

    /// <summary>TCP segments with SYN set and ACK clear.</summary>
    public required long TcpSyn { get; init; }

    public required long Tcp { get; init; }

    public required long Udp { get; init; }

    /// <summary>ICMP and ICMPv6 messages.</summary>
    public required long Icmp { get; init; }

    public required long Arp { get; init; }

    public required long Ipv6 { get; init; }

    /// <summary>Frames with at least one 802.1Q tag (QinQ frames included).</summary>
    public required long VlanTagged { get; init; }

    public required long Qinq { get; init; }
}
