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
/// <remarks>
/// A host that receives more than <see cref="MaxHostItemsPerWindow"/> distinct items (from non-scanners) in most of
/// those windows carries no rule either: it is being swept by a distributed or spoofed scan or flood, where thousands of
/// rare items make chance pairs inevitable and a knock could not be told from them.
/// </remarks>
internal sealed partial class HostAttribution
{
    /// <summary>Distinct items a host may receive in a window and still carry a rule (its services plus a knock fit easily).</summary>
    public const int MaxHostItemsPerWindow = 64;

    private readonly HashSet<KnockItem> _hostItems = [];
    private readonly Dictionary<PacketAddress, HostTally> _window = [];
    private readonly Dictionary<PacketAddress, HostTally> _total = [];
    private readonly KnockItem[] _items = new KnockItem[MiningOptions.MaxItemsetSizeLimit];
    private readonly List<int> _slots = [];
    private ulong[] _mask = [];

    /// <summary>Logged accesses read by <see cref="TryAttribute"/> since the last <see cref="ResetWork"/>.</summary>
    public long Work { get; private set; }

    /// <summary>Rules rejected because their host was swept by many distinct items.</summary>
    public long SweptHostRejections { get; private set; }

    public void ResetWork() => Work = 0;

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

        _slots.Clear();
        MembershipBits.AddSetBits(_mask, _slots);
        var full = (1 << itemCount) - 1;
        var cleanWindows = 0;
        var ruleAccesses = 0L;
        _total.Clear();
        foreach (var slot in _slots)
        {
            _window.Clear();
            var covered = 0;
            Work += logs.Log(slot).Length;
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

        if (IsSwept(host, logs, scanners))
        {
            SweptHostRejections++;
            host = default;
            return false;
        }

        hostWindows = best.Windows;
        return true;
    }

    /// <summary>True when <paramref name="host"/> received more than <see cref="MaxHostItemsPerWindow"/> distinct items in most co-occurrence windows.</summary>
    private bool IsSwept(PacketAddress host, AccessLogHistory logs, ScannerTracker? scanners)
    {
        var windows = 0;
        var swept = 0;
        foreach (var slot in _slots)
        {
            _hostItems.Clear();
            var log = logs.Log(slot);
            Work += log.Length;
            foreach (ref readonly var access in log)
            {
                if (!access.IsAnswer && access.Destination.Equals(host) && (scanners is null || !scanners.WasFlagged(access.Source)))
                {
                    _hostItems.Add(access.Item);
                }
            }

            windows++;
            swept += _hostItems.Count > MaxHostItemsPerWindow ? 1 : 0;
        }

        return 2 * swept > windows;
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
