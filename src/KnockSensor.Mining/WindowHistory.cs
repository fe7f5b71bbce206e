using System.Diagnostics;
using System.Runtime.CompilerServices;
using KnockSensor.Windowing;

namespace KnockSensor.Mining;

/// <summary>
/// The last <see cref="Length"/> windows as a ring of slots, with per-item window counts and a transposed bitmap:
/// for each item a row of ⌈L/64⌉ words whose bit <c>s</c> says the item is in the window held by slot <c>s</c>.
/// </summary>
/// <remarks>
/// Everything is maintained exactly and incrementally: when a window enters, the oldest (if the ring is full) leaves
/// first, costing O(items of both windows). So supp(X) = count(X) / <see cref="Count"/> and
/// supp(X∪Y) = popcount(row(X) AND row(Y)) / <see cref="Count"/> at any time, with no recount.
/// Single owner, no concurrency.
/// </remarks>
public sealed partial class WindowHistory
{
    private readonly KnockItem[][] _slotItems;
    private readonly int[] _slotItemCounts;
    private readonly long[] _slotSequence;
    private readonly long[] _slotStartNs;
    private readonly long[] _slotEndNs;
    private readonly int[] _itemWindowCounts = new int[KnockItem.Count];
    private readonly ulong[] _membership;
    private int _next;

    public WindowHistory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MiningOptions.MaxHistoryLength);
        Length = length;
        WordsPerItem = (length + 63) / 64;
        _membership = new ulong[KnockItem.Count * WordsPerItem];
        _slotItems = new KnockItem[length][];
        _slotItemCounts = new int[length];
        _slotSequence = new long[length];
        _slotStartNs = new long[length];
        _slotEndNs = new long[length];
        for (var s = 0; s < length; s++)
        {
            _slotItems[s] = [];
        }
    }

    /// <summary>L: the most windows held.</summary>
    public int Length { get; }

    /// <summary>Windows held now (n ≤ L): the denominator of every support.</summary>
    public int Count { get; private set; }

    /// <summary>Words in each membership row.</summary>
    public int WordsPerItem { get; }

    /// <summary>True when <see cref="Count"/> = <see cref="Length"/>: the next <see cref="Add"/> evicts the window in <see cref="NextSlot"/>.</summary>
    public bool IsFull => Count == Length;

    /// <summary>The slot the next <see cref="Add"/> writes (and, when <see cref="IsFull"/>, evicts first).</summary>
    public int NextSlot => _next;

    /// <summary>Items in at least one held window: the paper's u over the history.</summary>
    public int DistinctItems { get; private set; }

    /// <summary>Windows added since construction.</summary>
    public long WindowsAdded { get; private set; }

    /// <summary>The slot of the window added <paramref name="age"/> windows ago (0 = newest); slots of held windows are 0..n−1.</summary>
    public int SlotOfAge(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(age, Count);
        return ((_next - 1 - age) % Length + Length) % Length;
    }

    public ReadOnlySpan<KnockItem> SlotItems(int slot) => _slotItems[slot].AsSpan(0, _slotItemCounts[slot]);

    public long SlotSequence(int slot) => _slotSequence[slot];

    public long SlotStartNs(int slot) => _slotStartNs[slot];

    public long SlotEndNs(int slot) => _slotEndNs[slot];

    /// <summary>Held windows containing <paramref name="item"/>: supp(item) × <see cref="Count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WindowCount(KnockItem item) => _itemWindowCounts[item.Value];

    /// <summary>The membership row of <paramref name="item"/> (bit s = in the window of slot s).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<ulong> Membership(KnockItem item) => _membership.AsSpan(item.Value * WordsPerItem, WordsPerItem);

    /// <summary>Adds a closed window, evicting the oldest when the ring is full. Copies what it keeps.</summary>
    public void Add(PortWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var slot = _next;
        if (Count == Length)
        {
            Evict(slot);
        }
        else
        {
            Count++;
        }

        var items = window.Items;
        if (_slotItems[slot].Length < items.Length)
        {
            // Grows once per slot up to the largest window seen; steady state allocates nothing.
            _slotItems[slot] = new KnockItem[items.Length];
        }

        items.CopyTo(_slotItems[slot]);
        _slotItemCounts[slot] = items.Length;
        _slotSequence[slot] = window.Sequence;
        _slotStartNs[slot] = window.StartNs;
        _slotEndNs[slot] = window.EndNs;

        var word = slot >> 6;
        var bit = 1UL << slot;
        for (var i = 0; i < items.Length; i++)
        {
            var value = items[i].Value;
            ref var row = ref _membership[(value * WordsPerItem) + word];
            Debug.Assert((row & bit) == 0, "a window lists each item once");
            row |= bit;
            if (_itemWindowCounts[value]++ == 0)
            {
                DistinctItems++;
            }
        }

        _next = slot + 1 == Length ? 0 : slot + 1;
        WindowsAdded++;
    }

    private void Evict(int slot)
    {
        var word = slot >> 6;
        var keep = ~(1UL << slot);
        foreach (var item in SlotItems(slot))
        {
            _membership[(item.Value * WordsPerItem) + word] &= keep;
            if (--_itemWindowCounts[item.Value] == 0)
            {
                DistinctItems--;
            }

            Debug.Assert(_itemWindowCounts[item.Value] >= 0, "counts never go negative");
        }

        _slotItemCounts[slot] = 0;
    }
}
