using KnockSensor.Windowing;

namespace KnockSensor.Tests.Mining;

/// <summary>One rule of the batch oracle: X ⇒ Y with the paper's measures.</summary>
internal sealed record BatchRule(KnockItem[] Antecedent, KnockItem[] Consequent, double Support, double Cpir, double Interest, double Lift)
{
    public string Key => $"{string.Join(",", Antecedent)}=>{string.Join(",", Consequent)}";
}

/// <summary>
/// Algorithm 1 of Hommes, State and Engel (2012) written straight from the pseudocode, as a batch over a list of
/// windows, sharing nothing with the miner but the item type: no bitmaps, no incremental state, supports recounted by
/// scanning the database. It is slow and obviously right, which is its job.
/// </summary>
internal static class BatchRareRuleMiner
{
    public static List<BatchRule> Mine(
        IReadOnlyList<HashSet<KnockItem>> database,
        double minSupp,
        bool infrequentAtMinSupp,
        double minInte,
        double minConf,
        int maxK)
    {
        var n = database.Count;
        var supports = new Dictionary<string, double>();
        double Supp(KnockItem[] itemset)
        {
            var key = string.Join(",", itemset);
            if (!supports.TryGetValue(key, out var support))
            {
                support = database.Count(window => itemset.All(window.Contains)) / (double)n;
                supports[key] = support;
            }

            return support;
        }

        // Lines 1–4: the infrequent 1-itemsets.
        var inf1 = database.SelectMany(window => window).Distinct()
            .Where(item => infrequentAtMinSupp ? Supp([item]) <= minSupp : Supp([item]) < minSupp)
            .ToHashSet();

        // Lines 5–15: every combination of each window's infrequent items, with its count.
        var infk = new Dictionary<string, (KnockItem[] Items, int Count)>();
        foreach (var window in database)
        {
            var temp = window.Where(inf1.Contains).OrderBy(item => item.Value).ToArray();
            if (temp.Length <= 1)
            {
                continue;
            }

            for (var k = 2; k <= Math.Min(maxK, temp.Length); k++)
            {
                foreach (var combination in Combinations(temp, k))
                {
                    var key = string.Join(",", combination);
                    infk[key] = infk.TryGetValue(key, out var entry) ? (entry.Items, entry.Count + 1) : (combination, 1);
                }
            }
        }

        // Lines 16–24: drop itemsets with a split of interest below minInte.
        var kept = new List<KnockItem[]>();
        foreach (var (itemset, count) in infk.Values)
        {
            if (count < 1)
            {
                continue;
            }

            var interesting = true;
            foreach (var (x, y) in Splits(itemset))
            {
                if (Math.Abs(Supp(itemset) - (Supp(x) * Supp(y))) < minInte)
                {
                    interesting = false;
                }
            }

            if (interesting)
            {
                kept.Add(itemset);
            }
        }

        // Lines 25–32: the rules, both directions.
        var rules = new List<BatchRule>();
        foreach (var itemset in kept)
        {
            var sI = Supp(itemset);
            foreach (var (x, y) in Splits(itemset))
            {
                var sX = Supp(x);
                var sY = Supp(y);
                var correlation = sI / (sX * sY);
                var interest = Math.Abs(sI - (sX * sY));
                var cpirYGivenX = (sI - (sX * sY)) / (sX * (1 - sY));
                var cpirXGivenY = (sI - (sX * sY)) / (sY * (1 - sX));
                if (correlation > 1 && cpirYGivenX >= minConf)
                {
                    rules.Add(new BatchRule(x, y, sI, cpirYGivenX, interest, correlation));
                }

                if (correlation > 1 && cpirXGivenY >= minConf)
                {
                    rules.Add(new BatchRule(y, x, sI, cpirXGivenY, interest, correlation));
                }
            }
        }

        return rules;
    }

    /// <summary>Unordered splits {X, Y} of an itemset, X holding its first item so each split comes once.</summary>
    private static IEnumerable<(KnockItem[] X, KnockItem[] Y)> Splits(KnockItem[] itemset)
    {
        var full = (1 << itemset.Length) - 1;
        for (var mask = 1; mask < full; mask += 2)
        {
            yield return (
                itemset.Where((_, i) => (mask & (1 << i)) != 0).ToArray(),
                itemset.Where((_, i) => (mask & (1 << i)) == 0).ToArray());
        }
    }

    private static IEnumerable<KnockItem[]> Combinations(KnockItem[] items, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = 0; first <= items.Length - k; first++)
        {
            foreach (var rest in Combinations(items[(first + 1)..], k - 1))
            {
                yield return [items[first], .. rest];
            }
        }
    }
}
