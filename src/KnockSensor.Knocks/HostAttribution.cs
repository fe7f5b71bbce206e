using System.Numerics;
using System.Runtime.InteropServices;
using KnockSensor.Decode;
using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// Ties a rule to the one destination host that carries it: the host that received every item of the rule, from
/// sources that are not scanners, in at least half of the windows where the rule's items co-occur (scanners aside),
/// and that received at least half of those accesses. A door lives on one host; pairs that co-occur on different
/// hosts (busy ports, horizontal scans of two ports, chance) are not knocks.
/// </summary>
internal sealed class HostAttribution
{
    private readonly Dictionary<PacketAddress, HostTally> _window = [];
    private readonly Dictionary<PacketAddress, HostTally> _total = [];
    private readonly KnockItem[] _items = new KnockItem[MiningOptions.MaxItemsetSizeLimit];
    private ulong[] _mask = [];

    public bool TryAttribute(KnockRule rule, WindowHistory history, AccessLogHistory logs, ScannerTracker? scanners, out PacketAddress host, out int hostWindows)
    {
        host = default;
        hostWindows = 0;
        var itemCount = 0;
        foreach (var item in rule.Antecedent)
        {
            _items[itemCount++] = item;
        }

        foreach (var item in rule.Consequent)
        {
            _items[itemCount++] = item;
        }

        var items = _items.AsSpan(0, itemCount);
        if (_mask.Length != history.WordsPerItem)
        {
            _mask = new ulong[history.WordsPerItem];
        }

        history.Membership(items[0]).CopyTo(_mask);
        for (var i = 1; i < items.Length; i++)
        {
            var row = history.Membership(items[i]);
            for (var w = 0; w < _mask.Length; w++)
            {
                _mask[w] &= row[w];
            }
        }

        var full = (1 << itemCount) - 1;
        var cleanWindows = 0;
        var ruleAccesses = 0L;
        _total.Clear();
        for (var w = 0; w < _mask.Length; w++)
        {
            var bits = _mask[w];
            while (bits != 0)
            {
                var slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                _window.Clear();
                var covered = 0;
                foreach (ref readonly var access in logs.Log(slot))
                {
                    var index = items.IndexOf(access.Item);
                    if (index < 0 || access.IsAnswer || (scanners is not null && scanners.WasFlagged(access.Source)))
                    {
                        continue;
                    }

                    covered |= 1 << index;
                    ruleAccesses++;
                    ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_window, access.Destination, out _);
                    tally.Items |= 1 << index;
                    tally.Accesses++;
                }

                if (covered != full)
                {
                    continue;
                }

                cleanWindows++;
                foreach (var (destination, tally) in _window)
                {
                    if (tally.Items == full)
                    {
                        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(_total, destination, out _);
                        total.Windows++;
                        total.Accesses += tally.Accesses;
                    }
                }
            }
        }

        var best = default(HostTally);
        var found = false;
        foreach (var (destination, tally) in _total)
        {
            if (!found || tally.Windows > best.Windows || (tally.Windows == best.Windows && Precedes(destination, host)))
            {
                best = tally;
                host = destination;
                found = true;
            }
        }

        if (!found || best.Windows < 2 || 2 * best.Windows < cleanWindows || 2 * best.Accesses < ruleAccesses)
        {
            host = default;
            return false;
        }

        hostWindows = best.Windows;
        return true;
    }

    private static bool Precedes(PacketAddress left, PacketAddress right) =>
        left.High < right.High || (left.High == right.High && left.Low < right.Low);

    private struct HostTally
    {
        public int Items;
        public int Windows;
        public long Accesses;
    }
}
