using System.Diagnostics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// One window: the set of items accessed by <see cref="AccessCount"/> port accesses, as a bit-packed 65536-slot
/// bitmap per protocol (<c>ulong[1024]</c> each, one contiguous array), the list of set items in first-access order,
/// and the log of every access (<see cref="WindowAccess"/>: item, source, destination, time).
/// </summary>
/// <remarks>
/// The list is what makes the window cheap: adding, clearing and iterating cost O(distinct items), never O(65536),
/// so a window of 1000 accesses is cleared by touching at most 1000 bitmap words. Single owner, no concurrency:
/// the <see cref="PortWindower"/> fills it on its thread and lends it to its sink.
/// </remarks>
public sealed partial class PortWindow
{
    /// <summary>Bitmap words per protocol plane (65536 / 64).</summary>
    public const int WordsPerProtocol = KnockItem.SlotsPerProtocol / 64;

    private readonly ulong[] _bitmap = new ulong[KnockItem.ProtocolCount * WordsPerProtocol];
    private readonly KnockItem[] _items;
    private readonly long[] _firstSeenNs;
    private WindowAccess[] _log;
    private int _logCount;
    private int _itemCount;

    /// <param name="capacity">Most accesses the window can hold (its distinct items are at most that, capped at <see cref="KnockItem.Count"/>).</param>
    /// <param name="answerCapacity">Most answers (<see cref="WindowAccess.IsAnswer"/>) it logs besides; further ones are not logged.</param>
    public PortWindow(int capacity, int answerCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(answerCapacity);
        _log = new WindowAccess[capacity + answerCapacity];
        Capacity = capacity;
        var items = Math.Min(capacity, KnockItem.Count);
        _items = new KnockItem[items];
        _firstSeenNs = new long[items];
    }

    /// <summary>Most accesses the window can hold.</summary>
    public int Capacity { get; }

    /// <summary>True when no further access fits.</summary>
    public bool IsFull => AccessCount == Capacity;

    /// <summary>True while further answers can be logged.</summary>
    public bool HasAnswerRoom => _logCount - AccessCount < _log.Length - Capacity;

    /// <summary>Port accesses added since the last <see cref="Clear"/>, repeats included.</summary>
    public int AccessCount { get; private set; }

    /// <summary>Distinct items in the window.</summary>
    public int ItemCount => _itemCount;

    /// <summary>Timestamp of the first access, nanoseconds since the Unix epoch; 0 when empty.</summary>
    public long StartNs { get; private set; }

    /// <summary>Timestamp of the latest access.</summary>
    public long EndNs { get; private set; }

    /// <summary>Timestamp of the latest access or logged answer: when the window last saw its episodes.</summary>
    public long LastActivityNs { get; private set; }

    /// <summary>Index of this window in the stream (0 for the first window), set by the windower.</summary>
    public long Sequence { get; set; }

    /// <summary>The distinct items, in order of first access within the window.</summary>
    public ReadOnlySpan<KnockItem> Items => _items.AsSpan(0, _itemCount);

    /// <summary>First-access timestamp of each item in <see cref="Items"/> (same index): what later stages order a knock by.</summary>
    public ReadOnlySpan<long> FirstSeenNs => _firstSeenNs.AsSpan(0, _itemCount);

    /// <summary>Every access and logged answer, in the order added.</summary>
    public ReadOnlySpan<WindowAccess> Accesses => _log.AsSpan(0, _logCount);

    /// <summary>Length of the access log's array: what <see cref="SwapLog"/> takes in exchange.</summary>
    public int LogCapacity => _log.Length;

    /// <summary>The bitmap of one protocol plane: bit <c>port</c> set when the item is in the window.</summary>
    public ReadOnlySpan<ulong> Bitmap(ItemProtocol protocol) => _bitmap.AsSpan((int)protocol * WordsPerProtocol, WordsPerProtocol);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(KnockItem item) => (_bitmap[item.Value >> 6] & (1UL << item.Value)) != 0;

    /// <summary>Records one access with no addresses (tests, benchmarks); returns true when the item is new to the window.</summary>
    public bool Add(KnockItem item, long timestampNs) => Add(item, default, default, timestampNs);

    /// <summary>Records one access; returns true when the item is new to the window. Throws when the window <see cref="IsFull"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(KnockItem item, in PacketAddress source, in PacketAddress destination, long timestampNs, ushort sourcePort = 0)
    {
        if (AccessCount == Capacity)
        {
            ThrowFull();
        }

        if (AccessCount == 0)
        {
            StartNs = timestampNs;
        }

        _log[_logCount++] = new WindowAccess(item, source, destination, timestampNs, SourcePort: sourcePort);
        AccessCount++;
        EndNs = Math.Max(EndNs, timestampNs);
        LastActivityNs = Math.Max(LastActivityNs, timestampNs);
        ref var word = ref _bitmap[item.Value >> 6];
        var mask = 1UL << item.Value;
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        _items[_itemCount] = item;
        _firstSeenNs[_itemCount] = timestampNs;
        _itemCount++;
        return true;
    }

    /// <summary>
    /// Logs <paramref name="server"/>'s SYN-ACK to <paramref name="client"/> for <paramref name="item"/>; not an access
    /// (no bitmap bit, no count). Returns false when the log has no room left.
    /// </summary>
    public bool AddAnswer(KnockItem item, in PacketAddress client, in PacketAddress server, long timestampNs, ushort clientPort = 0)
    {
        if (_logCount == _log.Length || _logCount - AccessCount >= _log.Length - Capacity)
        {
            return false;
        }

        _log[_logCount++] = new WindowAccess(item, client, server, timestampNs, IsAnswer: true, SourcePort: clientPort);
        LastActivityNs = Math.Max(LastActivityNs, timestampNs);
        return true;
    }

    /// <summary>
    /// Hands the access log (<see cref="Accesses"/>, whose length the caller reads first) to a stage that keeps it
    /// after the window closes, and takes <paramref name="replacement"/>, an array of <see cref="LogCapacity"/>
    /// entries whose contents do not matter, in its place. The log moves without a copy, and a stage that keeps the
    /// logs of many windows trades arrays with the windows instead of growing its own. <see cref="Accesses"/> is empty
    /// afterwards; the rest of the window is unchanged until <see cref="Clear"/>.
    /// </summary>
    public WindowAccess[] SwapLog(WindowAccess[] replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentOutOfRangeException.ThrowIfNotEqual(replacement.Length, _log.Length, nameof(replacement));
        var log = _log;
        _log = replacement;
        _logCount = 0;
        return log;
    }

    /// <summary>Empties the window in O(distinct items).</summary>
    public void Clear()
    {
        var bitmap = _bitmap;
        foreach (var item in Items)
        {
            bitmap[item.Value >> 6] = 0;
        }

        Debug.Assert(Array.TrueForAll(bitmap, w => w == 0), "every set bit belongs to a listed item");
        _itemCount = 0;
        _logCount = 0;
        AccessCount = 0;
        StartNs = 0;
        EndNs = 0;
        LastActivityNs = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFull() =>
        throw new InvalidOperationException("The window holds as many accesses as its capacity.");
}
