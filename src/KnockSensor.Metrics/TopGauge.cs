using System.Globalization;
using Prometheus;

namespace KnockSensor.Metrics;

/// <summary>
/// A gauge that publishes at most N series, one per rank (<c>rank="1"</c> … <c>rank="N"</c>), each naming what holds
/// that rank. When the holder of a rank changes, the old series is removed before the new one is created, and ranks
/// beyond the current list are removed, so the series count never exceeds N however many different holders pass
/// through over a long run.
/// </summary>
/// <remarks>
/// Label strings are built only when a rank changes hands: a steady top list costs one <c>Set</c> per rank and tick.
/// Single-threaded (the publisher); scrapes read the gauge concurrently, which prometheus-net allows.
/// </remarks>
/// <typeparam name="TKey">What identifies a holder (a rule's items, a port).</typeparam>
public sealed class TopGauge<TKey>
{
    private readonly Gauge _gauge;
    private readonly IEqualityComparer<TKey> _comparer;
    private readonly Func<TKey, string[]> _labelsOf;
    private readonly string[] _ranks;
    private readonly Slot[] _slots;

    /// <param name="gauge">The gauge; its first label is <c>rank</c>, the others are what <paramref name="labelsOf"/> returns.</param>
    /// <param name="capacity">N, the most series published.</param>
    /// <param name="comparer">Tells whether a rank still has the same holder.</param>
    /// <param name="labelsOf">The label values after <c>rank</c> for a holder.</param>
    public TopGauge(Gauge gauge, int capacity, IEqualityComparer<TKey> comparer, Func<TKey, string[]> labelsOf)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _gauge = gauge;
        _comparer = comparer;
        _labelsOf = labelsOf;
        _ranks = new string[capacity];
        _slots = new Slot[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _ranks[i] = (i + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>N.</summary>
    public int Capacity => _ranks.Length;

    /// <summary>Series published now.</summary>
    public int Count { get; private set; }

    /// <summary>Publishes <paramref name="key"/> at <paramref name="rank"/> (0-based, below <see cref="Capacity"/>) with <paramref name="value"/>.</summary>
    public void Set(int rank, TKey key, double value)
    {
        ref var slot = ref _slots[rank];
        if (slot.Child is null || !_comparer.Equals(slot.Key, key))
        {
            Remove(ref slot);
            var own = _labelsOf(key);
            var labels = new string[own.Length + 1];
            labels[0] = _ranks[rank];
            own.CopyTo(labels, 1);
            slot.Key = key;
            slot.Labels = labels;
            slot.Child = _gauge.WithLabels(labels);
            Count++;
        }

        slot.Child.Set(value);
    }

    /// <summary>Removes the series of every rank from <paramref name="count"/> on (the list got shorter).</summary>
    public void Truncate(int count)
    {
        for (var rank = Math.Max(count, 0); rank < _slots.Length; rank++)
        {
            Remove(ref _slots[rank]);
        }
    }

    private void Remove(ref Slot slot)
    {
        if (slot.Child is null)
        {
            return;
        }

        _gauge.RemoveLabelled(slot.Labels!);
        slot = default;
        Count--;
    }

    private struct Slot
    {
        public TKey Key;
        public string[]? Labels;
        public Gauge.Child? Child;
    }
}
