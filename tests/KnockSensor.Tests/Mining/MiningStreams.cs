using KnockSensor.Mining;
using KnockSensor.Tests.Windowing;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Mining;

/// <summary>Seeded access streams (background, hot services, optional knock doors) and helpers to run them through the stages.</summary>
internal static class MiningStreams
{
    /// <summary>A four-item door: tcp, udp, tcp, ICMP echo, knocked in this order.</summary>
    public static readonly KnockItem[] Door = [KnockItem.Tcp(7000), KnockItem.Udp(8000), KnockItem.Tcp(9000), KnockItem.Icmpv4(8)];

    /// <summary>The accesses (items) of a stream: a few hot services, a uniform background over <paramref name="universe"/> ports, knocks.</summary>
    public static List<KnockItem> Accesses(int seed, int count, int universe, double knockRate)
    {
        var random = new Random(seed);
        var accesses = new List<KnockItem>(count + Door.Length);
        while (accesses.Count < count)
        {
            var roll = random.NextDouble();
            if (roll < knockRate)
            {
                accesses.AddRange(Door);
            }
            else if (roll < 0.35)
            {
                accesses.Add(KnockItem.Tcp((ushort)(80 + random.Next(6))));
            }
            else
            {
                var port = (ushort)(1000 + random.Next(universe));
                accesses.Add(random.Next(2) == 0 ? KnockItem.Tcp(port) : KnockItem.Udp(port));
            }
        }

        accesses.RemoveRange(count, accesses.Count - count);
        return accesses;
    }

    /// <summary>The test's own windowing: consecutive chunks of ws accesses as item sets (complete chunks only).</summary>
    public static List<HashSet<KnockItem>> Chunk(List<KnockItem> accesses, int windowSize)
    {
        var windows = new List<HashSet<KnockItem>>();
        for (var start = 0; start + windowSize <= accesses.Count; start += windowSize)
        {
            windows.Add([.. accesses.GetRange(start, windowSize)]);
        }

        return windows;
    }

    /// <summary>
    /// Feeds the accesses as port events (with replies and mid-flow packets mixed in, which must be ignored) through a
    /// <see cref="PortWindower"/> with the paper's plain windows (the oracle's windows) into <paramref name="miner"/>, calling <paramref name="afterWindow"/> with the window index
    /// after the miner has taken each window.
    /// </summary>
    public static void Feed(List<KnockItem> accesses, int windowSize, RareRuleMiner miner, Action<int>? afterWindow = null)
    {
        var sink = new CallbackSink(miner, afterWindow);
        var windower = new PortWindower(new WindowingOptions { WindowSize = windowSize, KeepKnocksWhole = false, ScannerDistinctItems = 0 }, sink);
        var noise = new Random(accesses.Count);
        for (var i = 0; i < accesses.Count; i++)
        {
            if (noise.Next(4) == 0)
            {
                windower.Add(TestPortEvents.NonAccess(noise));
            }

            windower.Add(TestPortEvents.AccessTo(accesses[i], i));
        }
    }

    /// <summary>The last <paramref name="length"/> windows up to and including window <paramref name="index"/>.</summary>
    public static List<HashSet<KnockItem>> History(List<HashSet<KnockItem>> windows, int index, int length) =>
        windows.GetRange(Math.Max(0, index + 1 - length), Math.Min(length, index + 1));

    private sealed class CallbackSink(RareRuleMiner miner, Action<int>? afterWindow) : IWindowSink
    {
        private int _index;

        public void OnWindowClosed(PortWindow window)
        {
            miner.OnWindowClosed(window);
            afterWindow?.Invoke(_index++);
        }
    }
}
