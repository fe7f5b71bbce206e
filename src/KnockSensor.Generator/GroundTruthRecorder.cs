namespace KnockSensor.Generator;

/// <summary>
/// Collects the truth while the scenario runs. Pieces record an activation or a scan at the moment they script it,
/// and they only script while the scheduler is still spawning, so everything recorded is in the file.
/// </summary>
internal sealed class GroundTruthRecorder
{
    private readonly List<DoorRecord> _doors = [];
    private readonly List<ScanTruth> _scans = [];

    /// <summary>Registers a door; its activations are added through the returned record.</summary>
    public DoorRecord AddDoor(string name, HostAddress target, IReadOnlyList<PortTruth> sequence, PortTruth shellPort, bool spoofed)
    {
        var door = new DoorRecord(name, target, sequence, shellPort, spoofed);
        _doors.Add(door);
        return door;
    }

    public void AddScan(ScanTruth scan) => _scans.Add(scan);

    public GroundTruth Build(string profile, ulong seed, string command, TrafficTotals totals)
    {
        var knocks = new List<KnockTruth>(_doors.Count);
        foreach (DoorRecord door in _doors)
        {
            knocks.Add(door.ToTruth());
        }

        return new GroundTruth
        {
            // No version number: bumping the product version must not change the committed sample's truth.
            Generator = "knocksensor-gen",
            Profile = profile,
            Seed = seed,
            Command = command,
            Start = TruthTime.Format(totals.FirstTimestampNs),
            End = TruthTime.Format(totals.LastTimestampNs),
            HomeNetworks = HomeNetwork.Prefixes,
            Knocks = knocks,
            Scans = [.. _scans],
            Totals = new TotalsTruth
            {
                Packets = totals.Frames,
                Bytes = totals.Bytes,
                TcpSyn = totals.TcpSynWithoutAck,
                Tcp = totals.TcpSegments,
                Udp = totals.UdpDatagrams,
                Icmp = totals.IcmpMessages,
                Arp = totals.ArpFrames,
                Ipv6 = totals.Ipv6Packets,
                VlanTagged = totals.VlanTaggedFrames,
                Qinq = totals.QinQFrames,
            },
        };
    }

    /// <summary>A door as it is being activated.</summary>
    internal sealed class DoorRecord(string name, HostAddress target, IReadOnlyList<PortTruth> sequence, PortTruth shellPort, bool spoofed)
    {
        private readonly List<ActivationTruth> _activations = [];
        private readonly List<string> _sources = [];

        public void AddActivation(HostAddress source, HostAddress[] knockSources, long firstKnockNs, long lastKnockNs, long shellConnectNs)
        {
            var knockers = new string[knockSources.Length];
            for (int i = 0; i < knockers.Length; i++)
            {
                knockers[i] = knockSources[i].ToString();
            }

            string text = source.ToString();
            if (!_sources.Contains(text))
            {
                _sources.Add(text);
            }

            _activations.Add(new ActivationTruth
            {
                Source = text,
                KnockSources = knockers,
                FirstKnock = TruthTime.Format(firstKnockNs),
                LastKnock = TruthTime.Format(lastKnockNs),
                ShellConnect = TruthTime.Format(shellConnectNs),
            });
        }

        public KnockTruth ToTruth() => new()
        {
            Name = name,
            Target = target.ToString(),
            Sources = [.. _sources],
            Spoofed = spoofed,
            Sequence = sequence,
            ShellPort = shellPort,
            ActivationCount = _activations.Count,
            Activations = [.. _activations],
        };
    }
}
