namespace KnockSensor.Generator;

/// <summary>
/// Picks items with integer weights (integer so the choice never depends on floating-point rounding). Small tables,
/// linear search over the cumulative weights.
/// </summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly int[] _cumulative;

    public WeightedTable(params ReadOnlySpan<(T Item, int Weight)> entries)
    {
        if (entries.IsEmpty)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(entries));
        }

        _items = new T[entries.Length];
        _cumulative = new int[entries.Length];
        int total = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Weight <= 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(entries));
            }

            total += entries[i].Weight;
            _items[i] = entries[i].Item;
            _cumulative[i] = total;
        }
    }

    public T Pick(DeterministicRandom random)
    {
        int r = random.Next(_cumulative[^1]);
        int i = 0;
        while (r >= _cumulative[i])
        {
            i++;
        }

        return _items[i];
    }
}
