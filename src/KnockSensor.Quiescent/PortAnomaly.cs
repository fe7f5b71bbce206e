using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// One key whose watched flows in one closed bin rose significantly above what its cluster predicts. Built once per
/// anomalous bin (never per packet).
/// </summary>
/// <param name="Key">The <see cref="SeriesKey"/>.</param>
/// <param name="BinStartNs">Start of the bin, nanoseconds since the Unix epoch.</param>
/// <param name="BinSeconds">Length of the bin.</param>
/// <param name="Flows">Watched (incoming) flows that started in the bin.</param>
/// <param name="Expected">The key's learned ratio × its cluster's median in the bin, plus its learned offset (never below 0); for a key in no cluster, the median of its own history.</param>
/// <param name="Score">(flows − expected) / robust scale.</param>
/// <param name="Sources">Distinct sources of those flows.</param>
/// <param name="ExpectedSources">The same prediction for sources.</param>
/// <param name="Destinations">Distinct destinations of those flows.</param>
/// <param name="Classification">The verdict.</param>
/// <param name="Cluster">Cluster id (0 = largest), or -1 when the key is in no cluster and its own history is the baseline.</param>
/// <param name="ClusterSize">Members of that cluster (1 for none).</param>
/// <param name="ConsecutiveBins">Consecutive anomalous bins with more hosts, this one included (0 for localized).</param>
/// <param name="Packets">Watched packets in the bin.</param>
/// <param name="Bytes">Watched bytes in the bin.</param>
public sealed record PortAnomaly(
    int Key,
    long BinStartNs,
    int BinSeconds,
    int Flows,
    double Expected,
    double Score,
    int Sources,
    double ExpectedSources,
    int Destinations,
    AnomalyClassification Classification,
    int Cluster,
    int ClusterSize,
    int ConsecutiveBins,
    long Packets,
    long Bytes)
{
    public IpProtocol Protocol => SeriesKey.Protocol(Key);

    /// <summary>The TCP/UDP port; for ICMP type × 256 + code; 0 for other protocols.</summary>
    public int Port => SeriesKey.Port(Key);

    /// <summary>End of the bin: when the anomaly became known.</summary>
    public long BinEndNs => BinStartNs + (BinSeconds * 1_000_000_000L);

    /// <summary>The event-log name of the verdict.</summary>
    public string ClassificationName => Classification switch
    {
        AnomalyClassification.HorizontalScan => "horizontal_scan",
        AnomalyClassification.Worm => "worm",
        _ => "localized",
    };
}
