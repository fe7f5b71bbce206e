
using KnockSensor.Decode;
using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// Groups the host-tied rules of one door into one knock and follows it: every window, the rules' items on each host
/// are joined into connected components; a component that meets a tracked door extends it, any other starts a new
/// door, whose activations are then read back from the held access logs. Tracked doors look for new activations in
/// each new window.
/// </summary>
/// <remarks>
/// An activation is a run of accesses to the door's items on its host, from non-scanner sources, with gaps of at most
/// the episode gap, touching at least two of the items. Its shell connection is the first access to the host, on an
/// item outside the door, within <see cref="KnockDetectorOptions.ShellWait"/> after its last knock — one from a knock
/// source when there is one (spoofed knocks come from elsewhere). The order is the one most activations agree on.
/// </remarks>
internal sealed partial class KnockTracker(KnockDetectorOptions options, IKnockObserver? observer)
{
    private readonly Dictionary<PacketAddress, List<TrackedKnock>> _byHost = [];
    private readonly List<TrackedKnock> _knocks = [];
    private readonly List<WindowAccess> _scratch = [];
    private readonly List<WindowAccess> _hostAccesses = [];
    private readonly HashSet<(PacketAddress Client, KnockItem Item)> _answers = [];
    private readonly HashSet<TrackedKnock> _rescanned = [];
    private readonly long _gapNs = options.Windowing.EpisodeGap.Ticks * 100;
    private readonly long _shellWaitNs = options.ShellWait.Ticks * 100;

    public long Dropped { get; private set; }

    public long ActivationsCounted { get; private set; }

    public long Oversized { get; private set; }

    public int Count => _knocks.Count;

    public IEnumerable<KnockSequence> Snapshots => _knocks.Where(static k => k.Reported is not null).Select(static k => k.Reported!);

    /// <summary>Takes this window's host-tied rule edges, then updates every door with the newest window.</summary>
    public void OnWindow(IReadOnlyList<(PacketAddress Host, KnockItem A, KnockItem B)> edges, WindowHistory history, AccessLogHistory logs, ScannerTracker? scanners)
    {
        _rescanned.Clear();
        foreach (var group in edges.GroupBy(static e => e.Host))
        {
            foreach (var component in Components(group))
            {
                Merge(group.Key, component, history, logs, scanners);
            }
        }

        var newest = history.Count > 0 ? history.SlotOfAge(0) : -1;
        foreach (var knock in _knocks)
        {
            if (newest >= 0 && !_rescanned.Contains(knock) && knock.Items.Any(item => InSlot(history, item, newest)))
            {
                Scan(knock, [newest], logs, scanners, rescan: false);
            }

            Report(knock);
        }
    }

    private void Merge(PacketAddress host, List<KnockItem> component, WindowHistory history, AccessLogHistory logs, ScannerTracker? scanners)
    {
        if (component.Count > options.MaxDoorItems)
        {
            Oversized++;
            return;
        }

        var doors = _byHost.TryGetValue(host, out var list) ? list : null;
        var door = doors?.FirstOrDefault(k => component.Any(k.Contains));
        if (door is null)
        {
            if (_knocks.Count >= options.MaxKnocks)
            {
                Dropped++;
                return;
            }

            door = new TrackedKnock(_knocks.Count + 1, host);
            _knocks.Add(door);
            if (doors is null)
            {
                doors = [];
                _byHost[host] = doors;
            }

            doors.Add(door);
        }

        var grew = false;
        foreach (var item in component)
        {
            if (!door.Contains(item) && door.Items.Count < options.MaxDoorItems)
            {
                door.Items.Add(item);
                grew = true;
            }
        }

        if (grew)
        {
            Scan(door, HeldSlots(history, door), logs, scanners, rescan: true);
            _rescanned.Add(door);
        }
    }

    /// <summary>
    /// Reads activations from the logs of <paramref name="slots"/>. A rescan (new or grown door) retakes the order and
    /// shell votes from everything held; activations already counted are never counted again.
    /// </summary>
    private void Scan(TrackedKnock door, List<int> slots, AccessLogHistory logs, ScannerTracker? scanners, bool rescan)
    {
        _scratch.Clear();
        _hostAccesses.Clear();
        _answers.Clear();
        foreach (var slot in slots)
        {
            foreach (ref readonly var access in logs.Log(slot))
            {
                if (!access.Destination.Equals(door.Destination) || (scanners is not null && scanners.WasFlagged(access.Source)))
                {
                    continue;
                }

                if (access.IsAnswer)
                {
                    _answers.Add((access.Source, access.Item));
                    continue;
                }

                (door.Contains(access.Item) ? _scratch : _hostAccesses).Add(access);
            }
        }

        _scratch.Sort(static (a, b) => a.TimestampNs != b.TimestampNs ? a.TimestampNs.CompareTo(b.TimestampNs) : a.Item.Value.CompareTo(b.Item.Value));
        _hostAccesses.Sort(static (a, b) => a.TimestampNs.CompareTo(b.TimestampNs));
        if (rescan)
        {
            door.Precedence.Clear();
            door.ShellVotes.Clear();
            door.AnsweredVotes.Clear();
            door.ShellConnections.Clear();
            door.VotingActivations = 0;
        }

        var start = 0;
        for (var i = 1; i <= _scratch.Count; i++)
        {
            if (i < _scratch.Count && _scratch[i].TimestampNs - _scratch[i - 1].TimestampNs <= _gapNs && !Restarts(start, i))
            {
                continue;
            }

            Activation(door, _scratch.GetRange(start, i - start), rescan);
            start = i;
        }
    }

    /// <summary>
    /// True when access <paramref name="i"/> begins a new activation within one run: its item already came earlier in
    /// the run and a different item came after that (A B C A … is a second knock; A A B C is one knock with a resend).
    /// </summary>
    private bool Restarts(int start, int i)
    {
        var item = _scratch[i].Item;
        for (var j = i - 1; j >= start; j--)
        {
            if (_scratch[j].Item == item)
            {
                return j < i - 1 && _scratch.GetRange(j + 1, i - j - 1).Exists(a => a.Item != item);
            }
        }

        return false;
    }

    private void Activation(TrackedKnock door, List<WindowAccess> accesses, bool rescan)
    {
        var firsts = new List<(KnockItem Item, long At)>();
        foreach (var access in accesses)
        {
            if (!firsts.Exists(f => f.Item == access.Item))
            {
                firsts.Add((access.Item, access.TimestampNs));
            }
        }

        if (firsts.Count < 2)
        {
            return;
        }

        var begin = accesses[0].TimestampNs;
        var end = accesses[^1].TimestampNs;
        var isNew = begin > door.LastActivationEndNs;
        if (!isNew && !rescan)
        {
            return;
        }

        for (var i = 0; i < firsts.Count; i++)
        {
            for (var j = i + 1; j < firsts.Count; j++)
            {
                var key = (firsts[i].Item, firsts[j].Item);
                door.Precedence[key] = door.Precedence.GetValueOrDefault(key) + 1;
            }
        }

        foreach (var (item, _) in firsts)
        {
            // The latest answered access: when this item turns out to be the shell, it is the connection let through.
            var answered = accesses.FindLastIndex(a => a.Item == item && _answers.Contains((a.Source, item)));
            if (answered >= 0)
            {
                door.AnsweredVotes[item] = door.AnsweredVotes.GetValueOrDefault(item) + 1;
                door.RememberConnection(ShellConnection.Of(accesses[answered]));
            }
        }

        door.VotingActivations++;
        if (ShellAfter(accesses, end) is { } shell)
        {
            door.ShellVotes[shell.Item] = door.ShellVotes.GetValueOrDefault(shell.Item) + 1;
            door.RememberConnection(ShellConnection.Of(shell));
        }

        if (!isNew)
        {
            return;
        }

        door.Activations++;
        ActivationsCounted++;
        door.FirstSeenNs = door.FirstSeenNs == 0 ? begin : Math.Min(door.FirstSeenNs, begin);
        door.LastSeenNs = Math.Max(door.LastSeenNs, end);
        door.LastActivationEndNs = end;
        foreach (var access in accesses)
        {
            door.AddSource(access.Source, options.MaxSourcesKept);
        }
    }

    /// <summary>
    /// The first connection to the host after the knock, within the wait: preferably one the host answered, then one
    /// from a knock source, then any.
    /// </summary>
    private WindowAccess? ShellAfter(List<WindowAccess> knock, long end)
    {
        WindowAccess? fromKnocker = null;
        WindowAccess? any = null;
        foreach (var access in _hostAccesses)
        {
            if (access.TimestampNs <= end)
            {
                continue;
            }

            if (access.TimestampNs > end + _shellWaitNs)
            {
                break;
            }

            if (_answers.Contains((access.Source, access.Item)))
            {
                return access;
            }

            if (fromKnocker is null && knock.Exists(k => k.Source.Equals(access.Source)))
            {
                fromKnocker = access;
            }

            any ??= access;
        }

        return fromKnocker ?? any;
    }

    private void Report(TrackedKnock door)
    {
        if (door.Activations < 2 || door.AnsweredKnockItems() > 0)
        {
            return;
        }

        var snapshot = new KnockSequence(
            door.Id,
            door.Destination,
            door.Order(),
            door.Shell(),
            door.Activations,
            door.FirstSeenNs,
            door.LastSeenNs,
            [.. door.Sources],
            door.SourceSet.Count,
            door.Reported is not null,
            door.Connection());
        var previous = door.Reported;
        if (previous is not null
            && previous.Activations == snapshot.Activations
            && previous.ShellPort == snapshot.ShellPort
            && previous.Connection == snapshot.Connection
            && previous.SourceCount == snapshot.SourceCount
            && previous.Sequence.AsSpan().SequenceEqual(snapshot.Sequence.AsSpan()))
        {
            return;
        }

        door.Reported = snapshot;
        observer?.OnKnock(snapshot);
    }

    private static List<int> HeldSlots(WindowHistory history, TrackedKnock door)
    {
        var slots = new List<int>();
        foreach (var item in door.Items)
        {
            MembershipBits.AddSetBits(history.Membership(item), slots);
        }

        return [.. slots.Distinct().Order()];
    }

    private static bool InSlot(WindowHistory history, KnockItem item, int slot) => (history.Membership(item)[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>Connected components of one host's rule edges, each sorted by item value, in order of their smallest item.</summary>
    private static List<List<KnockItem>> Components(IEnumerable<(PacketAddress Host, KnockItem A, KnockItem B)> edges)
    {
        var adjacency = new SortedDictionary<int, List<KnockItem>>();
        foreach (var (_, a, b) in edges)
        {
            Neighbours(adjacency, a).Add(b);
            Neighbours(adjacency, b).Add(a);
        }

        var seen = new HashSet<KnockItem>();
        var components = new List<List<KnockItem>>();
        foreach (var start in adjacency.Keys)
        {
            var first = new KnockItem(start);
            if (!seen.Add(first))
            {
                continue;
            }

            var component = new List<KnockItem>();
            var stack = new Stack<KnockItem>([first]);
            while (stack.TryPop(out var item))
            {
                component.Add(item);
                foreach (var next in adjacency[item.Value])
                {
                    if (seen.Add(next))
                    {
                        stack.Push(next);
                    }
                }
            }

            component.Sort();
            components.Add(component);
        }

        return components;
    }

    private static List<KnockItem> Neighbours(SortedDictionary<int, List<KnockItem>> adjacency, KnockItem item)
    {
        if (!adjacency.TryGetValue(item.Value, out var list))
        {
            list = [];
            adjacency[item.Value] = list;
        }

        return list;
    }
}
