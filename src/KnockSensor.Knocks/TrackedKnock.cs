using System.Collections.Immutable;
using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>The mutable state of one door between windows; observers only ever see <see cref="KnockSequence"/> snapshots.</summary>
internal sealed class TrackedKnock(int id, PacketAddress destination)
{
    public int Id { get; } = id;

    public PacketAddress Destination { get; } = destination;

    /// <summary>The door's items, unordered, as the rules revealed them.</summary>
    public List<KnockItem> Items { get; } = [];

    /// <summary>Per ordered item pair, in how many activations the first item came first.</summary>
    public Dictionary<(KnockItem First, KnockItem Second), int> Precedence { get; } = [];

    /// <summary>Per candidate shell item, in how many activations it was the next new connection.</summary>
    public Dictionary<KnockItem, int> ShellVotes { get; } = [];

    /// <summary>Per door item, in how many activations the host answered it with a SYN-ACK (an open port: the shell).</summary>
    public Dictionary<KnockItem, int> AnsweredVotes { get; } = [];

    /// <summary>
    /// Per candidate shell item (the keys of <see cref="ShellVotes"/> and answered door items), the latest connection
    /// to it that an activation let through: the reported shell item's entry is the event's flow. Cleared with the votes.
    /// </summary>
    public Dictionary<KnockItem, ShellConnection> ShellConnections { get; } = [];

    /// <summary>Activations the precedence and shell votes were taken from.</summary>
    public int VotingActivations { get; set; }

    public long Activations { get; set; }

    public long FirstSeenNs { get; set; }

    public long LastSeenNs { get; set; }

    /// <summary>End of the newest activation counted: later windows count only activations starting after it.</summary>
    public long LastActivationEndNs { get; set; }

    public List<PacketAddress> Sources { get; } = [];

    public HashSet<PacketAddress> SourceSet { get; } = [];

    public KnockSequence? Reported { get; set; }

    public bool Contains(KnockItem item) => Items.Contains(item);

    /// <summary>
    /// The knock items (the door's items but an answered shell port) ordered by how many other items they precede in
    /// most activations (a Copeland ranking).
    /// </summary>
    public ImmutableArray<KnockItem> Order()
    {
        var shell = AnsweredShell();
        var ranked = Items
            .Where(item => item != shell)
            .Select(item => (Item: item, Wins: Items.Count(other => other != item && Before(item, other) > Before(other, item)), Firsts: Items.Sum(other => Before(item, other))))
            .OrderByDescending(static r => r.Wins)
            .ThenByDescending(static r => r.Firsts)
            .ThenBy(static r => r.Item.Value)
            .Select(static r => r.Item);
        return [.. ranked];
    }

    public KnockItem? Shell()
    {
        return AnsweredShell() ?? Majority(ShellVotes);
    }

    /// <summary>The latest connection to the <see cref="Shell"/> item, or null when there is no shell item.</summary>
    public ShellConnection? Connection()
    {
        return Shell() is { } shell && ShellConnections.TryGetValue(shell, out var connection) ? connection : null;
    }

    /// <summary>Keeps <paramref name="connection"/> as its item's connection unless a later one is already kept (a rescan reads old activations again).</summary>
    public void RememberConnection(ShellConnection connection)
    {
        if (!ShellConnections.TryGetValue(connection.Item, out var kept) || connection.TimestampNs >= kept.TimestampNs)
        {
            ShellConnections[connection.Item] = connection;
        }
    }

    /// <summary>
    /// A door item the host answered in at least half of the activations: knock ports stay shut, so that item is the
    /// connection the door let through, mined together with the knock because it is rare too. Only when at least two
    /// knock items remain.
    /// </summary>
    private KnockItem? AnsweredShell()
    {
        return Items.Count < 3 ? null : Majority(AnsweredVotes);
    }

    /// <summary>
    /// Knock items (the shell aside) the host answered in at least half of the activations. Knock ports stay shut, so
    /// a "door" whose knock ports answer is two services used together (mail: SMTP then IMAPS), not a knock.
    /// </summary>
    public int AnsweredKnockItems()
    {
        var shell = AnsweredShell();
        return AnsweredVotes.Count(v => v.Key != shell && IsMajority(v.Value));
    }

    public void AddSource(PacketAddress source, int keep)
    {
        if (SourceSet.Count < 4096 && SourceSet.Add(source) && Sources.Count < keep)
        {
            Sources.Add(source);
        }
    }

    /// <summary>The item with the most votes (the lowest item on a tie), when it has those of at least half the activations.</summary>
    private KnockItem? Majority(Dictionary<KnockItem, int> votes)
    {
        KnockItem? best = null;
        var bestVotes = 0;
        foreach (var (item, count) in votes.OrderBy(static v => v.Key.Value))
        {
            if (count > bestVotes)
            {
                best = item;
                bestVotes = count;
            }
        }

        return best is not null && IsMajority(bestVotes) ? best : null;
    }

    private bool IsMajority(int votes) => 2 * votes >= VotingActivations;

    private int Before(KnockItem first, KnockItem second) => Precedence.GetValueOrDefault((first, second));
}
