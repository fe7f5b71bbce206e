namespace KnockSensor.Generator;

/// <summary>
/// Arrival rates (per second) of each background conversation type, and whether payload sizes lean small.
/// Profiles scale one mix; the ratios keep the port mix the same whatever the volume.
/// </summary>
internal sealed record TrafficMix
{
    public double TcpSessionsPerSecond { get; init; }

    public double DnsLookupsPerSecond { get; init; }

    public double NtpPerSecond { get; init; }

    public double QuicFlowsPerSecond { get; init; }

    public double MdnsPerSecond { get; init; }

    public double PingsPerSecond { get; init; }

    public double ArpPerSecond { get; init; }

    public double IbrProbesPerSecond { get; init; }

    public double BackscatterPerSecond { get; init; }

    /// <summary>Which response size table background TCP sessions draw from.</summary>
    public TransferSize Transfers { get; init; }

    /// <summary>A quiet home network: about eight frames a second.</summary>
    public static TrafficMix Home { get; } = new()
    {
        TcpSessionsPerSecond = 0.32,
        DnsLookupsPerSecond = 0.45,
        NtpPerSecond = 0.02,
        QuicFlowsPerSecond = 0.05,
        MdnsPerSecond = 0.03,
        PingsPerSecond = 0.01,
        ArpPerSecond = 0.05,
        IbrProbesPerSecond = 0.6,
        BackscatterPerSecond = 0.12,
    };

    public TrafficMix Scaled(double factor) => this with
    {
        TcpSessionsPerSecond = TcpSessionsPerSecond * factor,
        DnsLookupsPerSecond = DnsLookupsPerSecond * factor,
        NtpPerSecond = NtpPerSecond * factor,
        QuicFlowsPerSecond = QuicFlowsPerSecond * factor,
        MdnsPerSecond = MdnsPerSecond * factor,
        PingsPerSecond = PingsPerSecond * factor,
        ArpPerSecond = ArpPerSecond * factor,
        IbrProbesPerSecond = IbrProbesPerSecond * factor,
        BackscatterPerSecond = BackscatterPerSecond * factor,
    };
}
