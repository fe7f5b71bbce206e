using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

/// <summary>
/// A small world in the seed's image: every bin a few vertical scanners (more in the "evening") each probe every
/// watched port with probability 0.9 — which is what makes those ports correlate — plus whatever a test injects.
/// </summary>
internal sealed class ScanWorld
{
    public const int BinSeconds = 3600;

    private readonly Random _random;
    private int _nextScanner = 10_000;

    public ScanWorld(int seed, IReadOnlyList<ushort> ports)
    {
        _random = new Random(seed);
        Ports = ports;
    }

    public IReadOnlyList<ushort> Ports { get; }

    public QuiescentTraffic Traffic { get; } = new();

    public static QuiescentOptions Options(int learningBins = 48) => new()
    {
        BinSeconds = BinSeconds,
        HomeNetworks = QuiescentTraffic.Home,
        HistoryBins = 96,
        LearningBins = learningBins,
        ReclusterEveryBins = 24,
        FlowTableCapacity = 1 << 14,
        MaxKeysPerBin = 4096,
    };

    /// <summary>Background scanning for bins [0, <paramref name="bins"/>).</summary>
    public ScanWorld Background(int bins)
    {
        for (var bin = 0; bin < bins; bin++)
        {
            var evening = (bin % 24) is >= 16 and < 23;
            var scanners = _random.Next(2, 6) + (evening ? _random.Next(3, 7) : 0);
            for (var s = 0; s < scanners; s++)
            {
                var scanner = _nextScanner++;
                foreach (var port in Ports)
                {
                    if (_random.NextDouble() < 0.9)
                    {
                        Traffic.Flows(bin, BinSeconds, port, 1, 1, scanner);
                    }
                }
            }
        }

        return this;
    }

    /// <summary>Many sources scanning one port: <paramref name="sources"/> × <paramref name="flowsEach"/> flows.</summary>
    public ScanWorld Scan(int bin, ushort port, int sources, int flowsEach)
    {
        var first = _nextScanner;
        _nextScanner += sources;
        Traffic.Flows(bin, BinSeconds, port, sources * flowsEach, sources, first);
        return this;
    }

    /// <summary>One source hammering one port.</summary>
    public ScanWorld Hammer(int bin, ushort port, int flows) => Scan(bin, port, 1, flows);

    public QuiescentMonitor Run(QuiescentOptions options)
    {
        var monitor = new QuiescentMonitor(options);
        Traffic.FeedTo(monitor);
        return monitor;
    }

    public static IReadOnlyList<ushort> ServerPorts(int count, params ushort[] extra) =>
        [.. Enumerable.Range(1, count).Select(static p => (ushort)p).Concat(extra).Distinct().Order()];
}
