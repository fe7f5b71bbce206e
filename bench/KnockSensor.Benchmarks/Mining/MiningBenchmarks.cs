using BenchmarkDotNet.Attributes;
using KnockSensor.Decode;
using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Benchmarks.Mining;

/// <summary>
/// Stage 3 and 4 costs: windowing per port event (classify, set a bitmap bit, close every ws accesses) and mining per
/// closed window (history update, candidate items, Algorithm 1 over the L = 64 held windows) with the default options.
/// </summary>
/// <remarks>
/// Traffic: 60 % of connection attempts to 20 busy services, 40 % to 3000 background ports at random, 25 % extra
/// non-access packets (replies, mid-flow segments), and a four-port door knocked every fifth window (support ≈ 0.2, so it gives rules at the defaults). The flood
/// case sends every port of all three protocol planes once (a vertical scan of everything) at minInte = 0, the worst
/// case for the item cap.
/// </remarks>
public class MiningBenchmarks
{
    internal const int WindowSize = WindowingOptions.DefaultWindowSize;
    internal const int WindowsPerInvoke = 128;
    internal const int EventCount = 1 << 16;

    private PortEvent[] _events = [];
    private PortWindower _windower = null!;
    private PortWindow[] _background = [];
    private PortWindow[] _flood = [];
    private RareRuleMiner _backgroundMiner = null!;
    private RareRuleMiner _floodMiner = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var accesses = BackgroundAccesses(random, WindowSize * WindowsPerInvoke);
        var events = new List<PortEvent>(EventCount);
        for (var i = 0; events.Count < EventCount; i++)
        {
            if (random.Next(4) == 0)
            {
                events.Add(Event(KnockItem.Tcp((ushort)random.Next(1024, 65536)), i, TcpFlags.Syn | TcpFlags.Ack));
            }

            events.Add(Event(accesses[i % accesses.Count], i, TcpFlags.Syn));
        }

        _events = [.. events];
        // The paper's plain windows: these events carry no addresses, so the scanner filter would take them all.
        _windower = new PortWindower(new WindowingOptions { KeepKnocksWhole = false, ScannerDistinctItems = 0 }, new NullSink());

        _background = ToWindows(accesses);
        var everyItem = Enumerable.Range(0, KnockItem.Count).Select(value => new KnockItem(value)).ToArray();
        random.Shuffle(everyItem);
        _flood = ToWindows([.. everyItem.Take(WindowSize * WindowsPerInvoke)]);

        _backgroundMiner = new RareRuleMiner(new MiningOptions());
        _floodMiner = new RareRuleMiner(new MiningOptions { MinInterest = 0 });
        foreach (var window in _background)
        {
            _backgroundMiner.OnWindowClosed(window);
        }

        foreach (var window in _flood)
        {
            _floodMiner.OnWindowClosed(window);
        }
    }

    /// <summary>Per port event: classification and windowing (the sink does nothing).</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public void WindowPerEvent()
    {
        var windower = _windower;
        foreach (ref readonly var portEvent in _events.AsSpan())
        {
            windower.Add(in portEvent);
        }
    }

    /// <summary>Per closed window of ordinary traffic with a door in it: history update plus a full mining pass.</summary>
    [Benchmark(OperationsPerInvoke = WindowsPerInvoke)]
    public int MinePerWindowBackground()
    {
        var rules = 0;
        foreach (var window in _background)
        {
            _backgroundMiner.OnWindowClosed(window);
            rules += _backgroundMiner.Rules.Count;
        }

        return rules;
    }

    /// <summary>Per closed window of a vertical scan of everything at minInte = 0: the item cap skips every window.</summary>
    [Benchmark(OperationsPerInvoke = WindowsPerInvoke)]
    public int MinePerWindowFlood()
    {
        var rules = 0;
        foreach (var window in _flood)
        {
            _floodMiner.OnWindowClosed(window);
            rules += _floodMiner.Rules.Count;
        }

        return rules;
    }

    private static List<KnockItem> BackgroundAccesses(Random random, int count)
    {
        KnockItem[] door = [KnockItem.Tcp(7000), KnockItem.Udp(8000), KnockItem.Tcp(9000), KnockItem.Tcp(6000)];
        var services = Enumerable.Range(0, 20).Select(i => i % 4 == 3 ? KnockItem.Udp((ushort)(50 + i)) : KnockItem.Tcp((ushort)(20 + i))).ToArray();
        var accesses = new List<KnockItem>(count);
        while (accesses.Count < count)
        {
            if (accesses.Count % (5 * WindowSize) == 500)
            {
                accesses.AddRange(door);
            }

            accesses.Add(random.NextDouble() < 0.6
                ? services[random.Next(services.Length)]
                : KnockItem.Create((ItemProtocol)random.Next(2), 10000 + random.Next(3000)));
        }

        return accesses;
    }

    private static PortWindow[] ToWindows(List<KnockItem> accesses)
    {
        var windows = new PortWindow[accesses.Count / WindowSize];
        for (var w = 0; w < windows.Length; w++)
        {
            windows[w] = new PortWindow(WindowSize) { Sequence = w };
            for (var i = 0; i < WindowSize; i++)
            {
                windows[w].Add(accesses[(w * WindowSize) + i], i);
            }
        }

        return windows;
    }

    private static PortEvent Event(KnockItem item, long timestampNs, TcpFlags flags) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 4,
        Protocol = item.Protocol == ItemProtocol.Tcp ? IpProtocol.Tcp : IpProtocol.Udp,
        SourcePort = 40000,
        DestinationPort = (ushort)item.Slot,
        TcpFlags = item.Protocol == ItemProtocol.Tcp ? flags : TcpFlags.None,
    };

    private sealed class NullSink : IWindowSink
    {
        public void OnWindowClosed(PortWindow window)
        {
        }
    }
}
