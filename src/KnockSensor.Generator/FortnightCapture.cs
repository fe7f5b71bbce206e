using KnockSensor.Capture;

namespace KnockSensor.Generator;

/// <summary>
/// Writes the <c>fortnight</c> profile: <see cref="FortnightTraffic"/> as Ethernet/IPv4 frames, and its injected
/// anomalies into the ground truth as scans whose <c>kind</c> is the expected verdict (<c>localized</c>,
/// <c>horizontal_scan</c>, <c>worm</c>; suffixed <c>_during_learning</c> for the one inside the learning period).
/// </summary>
internal static class FortnightCapture
{
    private const ulong ExternalMac = 0x00_1B_21_0A_01_01UL;
    private const ulong HostMac = 0x02_00_00_0A_00_00UL;

    public static GroundTruth Generate(ulong seed, Stream output)
    {
        var traffic = new FortnightTraffic(seed);
        var totals = new TrafficTotals();
        using (var writer = new PcapFileWriter(output, LinkType.Ethernet, TimestampPrecision.Microsecond))
        {
            ushort ipId = 0;
            foreach (var packet in traffic.Packets())
            {
                var spec = new PacketSpec
                {
                    // The pcap stores microseconds; every written time is whole so the truth matches the file.
                    TimestampNs = packet.TimestampNs - (packet.TimestampNs % 1000),
                    Kind = packet.Kind,
                    SourceMac = ExternalMac,
                    DestinationMac = HostMac | (packet.Destination & 0xFFFF),
                    Source = HostAddress.V4(packet.Source),
                    Destination = HostAddress.V4(packet.Destination),
                    Ttl = 57,
                    IpId = ipId++,
                    SourcePort = packet.SourcePort,
                    DestinationPort = packet.DestinationPort,
                    Sequence = (uint)packet.TimestampNs ^ packet.Source,
                    Acknowledgment = (packet.Flags & TcpFlagBits.Ack) != 0 ? packet.Destination : 0,
                    Flags = packet.Flags,
                    Window = 1024,
                };
                var frame = writer.Reserve(FrameWriter.MaxFrameLength);
                var length = FrameWriter.Write(spec, frame);
                writer.Commit(spec.TimestampNs, length);
                totals.Count(spec, length);
            }
        }

        var truth = new GroundTruthRecorder();
        foreach (var anomaly in traffic.Anomalies)
        {
            truth.AddScan(new ScanTruth
            {
                Kind = anomaly.DuringLearning ? anomaly.Classification + "_during_learning" : anomaly.Classification,
                Source = anomaly.Name,
                Target = "10.1.1.0/24",
                Proto = anomaly.Protocol,
                Ports = anomaly.Port,
                Probes = 0,
                Start = TruthTime.Format(anomaly.StartNs),
                End = TruthTime.Format(anomaly.EndNs),
            });
        }

        return truth.Build(TrafficGenerator.ProfileName(GeneratorProfile.Fortnight), seed, TrafficGenerator.CommandFor(GeneratorProfile.Fortnight, seed, 0), totals);
    }
}
