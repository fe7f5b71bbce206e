namespace KnockSensor.Quiescent;

/// <summary>
/// One key's totals in one closed bin: the seed's hourly summary row. Flows are counted in the bin of their first
/// packet; packets and bytes in the bin they arrive in. <see cref="Sources"/> and <see cref="Destinations"/> are
/// distinct hosts of the watched (incoming) flows, estimated by <see cref="DistinctCounter"/>.
/// </summary>
public readonly record struct PortBinCounts(
    int Key,
    long BinStartNs,
    int FlowsIncoming,
    int FlowsOutgoing,
    int FlowsOther,
    long PacketsIncoming,
    long PacketsOutgoing,
    long PacketsOther,
    long BytesIncoming,
    long BytesOutgoing,
    long BytesOther,
    int Sources,
    int Destinations)
{
    /// <summary>All flows whatever their direction.</summary>
    public int Flows => FlowsIncoming + FlowsOutgoing + FlowsOther;
}
