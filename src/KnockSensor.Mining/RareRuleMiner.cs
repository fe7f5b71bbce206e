using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using KnockSensor.Windowing;

namespace KnockSensor.Mining;

/// <summary>
/// Stage 4: Algorithm 1 of Hommes, State and Engel (2012), the matrix-based scheme of Zhou and Yau, run online over
/// a sliding <see cref="WindowHistory"/>. After every closed window <see cref="Rules"/> equals the batch algorithm's
/// output over the windows then held (as long as no memory bound was reached, see <see cref="Counters"/>).
/// </summary>
/// <remarks>
/// <para>One pass of Algorithm 1 over the n held windows:</para>
/// <list type="number">
/// <item>Inf1 (lines 1–4): the items whose support is at most (or below, see <see cref="SupportBoundary"/>) minSupp.</item>
/// <item>Temp (lines 5–15): for each window its infrequent items; every combination of 2 to
/// <see cref="MiningOptions.MaxItemsetSize"/> of them is a candidate itemset I (I.count ≥ 1).</item>
/// <item>Pruning (lines 16–24): I is dropped when some split I = X ∪ Y (X, Y non-empty, disjoint) has Wu's interest
/// |supp(X∪Y) − supp(X)supp(Y)| below minInte.</item>
/// <item>Rules (lines 25–32): for each split of a kept I, X ⇒ Y when lift &gt; 1 and CPIR(Y|X) ≥ minConf, and Y ⇒ X
/// when lift &gt; 1 and CPIR(X|Y) ≥ minConf.</item>
/// </list>
/// <para>
/// Supports are exact: supp(X) = popcount(AND of the rows of X's items) / n from the history's transposed bitmap,
/// never a count accumulated from combinations, so old windows leave exactly and a window that proposed no
/// candidates still counts in every support.
/// </para>
/// <para>
/// An exact shortcut keeps the pass small: the split {i} | I∖{i} of any itemset has interest at most supp(i)
/// (if supp(I) ≥ supp(i)·s then supp(I) − supp(i)·s ≤ supp(I) ≤ supp(i), else supp(i)·s − supp(I) ≤ supp(i), and both
/// hold in floating point because rounding is monotone), so an item with supp(i) &lt; minInte is in no kept itemset.
/// Only <em>candidate items</em> — infrequent with supp ≥ minInte — enter Temp. Which items are candidates depends
/// only on their window count once n and the thresholds are fixed, so it is maintained incrementally: a new window
/// re-checks just its items and those of the window it evicted.
/// </para>
/// <para>
/// Bounds (all counted in <see cref="Counters"/>): a window with more than
/// <see cref="MiningOptions.MaxCandidateItemsPerWindow"/> candidate items proposes no combinations (its items are
/// evicted from Temp, not from the supports); a pass stops after <see cref="MiningOptions.MaxCandidateItemsets"/>
/// candidates; at most <see cref="MiningOptions.MaxRules"/> rules are kept. No pair or itemset state survives a pass,
/// so memory is the fixed history plus O(L × items-per-window cap + candidate cap), whatever the traffic.
/// </para>
/// <para>Single owner, no concurrency: call from the windowing thread.</para>
/// </remarks>
public sealed partial class RareRuleMiner : IWindowSink
{
    internal const int BitsPerItemInKey = 18;

    private static readonly Comparison<KnockRule> RuleOrder = KnockRule.CompareByItems;

    private readonly MiningOptions _options;
    private readonly WindowHistory _history;

    // Candidate items for the thresholds in _state*: a dense set with 1-based positions, and per slot how many of the
    // window's items are candidates.
    private readonly int[] _candidatePosition = new int[KnockItem.Count];
    private readonly int[] _slotCandidateCounts;
    private KnockItem[] _candidates = new KnockItem[256];
    private int _candidateCount;
    private int _stateWindows = -1;
    private int _stateMinCount;
    private int _stateMaxCount;

    // Per-pass scratch, reused.
    private readonly int[] _tempStart;
    private readonly int[] _tempLength;
    private readonly ulong[] _activeWindows;
    private readonly int[] _stamp = new int[KnockItem.Count];
    private readonly HashSet<UInt128> _seenItemsets = [];
    private readonly List<KnockRule> _rules = [];
    private readonly List<(double MinInterest, int Rules)> _sweep = [];
    private readonly KnockItem[] _itemset = new KnockItem[MiningOptions.MaxItemsetSizeLimit];
    private readonly int[] _combination = new int[MiningOptions.MaxItemsetSizeLimit];
    private readonly int[] _subsetCounts = new int[1 << MiningOptions.MaxItemsetSizeLimit];
    private readonly ulong[] _subsetRows;
    private KnockItem[] _sortedCandidates = new KnockItem[256];
    private KnockItem[] _tempItems = new KnockItem[1024];
    private KnockItem[] _evicted = new KnockItem[1024];
    private int _epoch;
    private bool _sweeping;
    private double _minInterest;
    private double _thresholdSupport;
    private double _thresholdInterest;

    // The thresholds of the last pass that set Rules (NaN before the first), for the exact shortcut.
    private double _passedSupport = double.NaN;
    private double _passedInterest = double.NaN;
    private long _passesSkipped;
    private int _passCandidates;

    private long _passes;
    private long _windowsSkipped;
    private long _itemsEvicted;
    private long _truncatedPasses;
    private long _rulesDropped;
    private long _candidatesEvaluated;
    private int _lastCandidates;
    private int _peakCandidates;
    private int _peakWindowItems;

    public RareRuleMiner(MiningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _thresholdSupport = options.MinSupport;
        _thresholdInterest = options.MinInterest;
        _history = new WindowHistory(options.HistoryLength);
        _slotCandidateCounts = new int[options.HistoryLength];
        _tempStart = new int[options.HistoryLength];
        _tempLength = new int[options.HistoryLength];
        _activeWindows = new ulong[_history.WordsPerItem];
        _subsetRows = new ulong[(1 << options.MaxItemsetSize) * _history.WordsPerItem];
    }

    public MiningOptions Options => _options;

    /// <summary>minSupp in use: <see cref="MiningOptions.MinSupport"/> until <see cref="UseThresholds"/> changes it.</summary>
    public double MinSupport => _thresholdSupport;

    /// <summary>minInte in use: <see cref="MiningOptions.MinInterest"/> until <see cref="UseThresholds"/> changes it.</summary>
    public double MinInterest => _thresholdInterest;

    /// <summary>
    /// Replaces minSupp and minInte for the following passes (automatic re-estimation). The candidate state is rebuilt
    /// on the next window only when the thresholds change which window counts qualify.
    /// </summary>
    public void UseThresholds(double minSupport, double minInterest)
    {
        var changed = _options with { MinSupport = minSupport, MinInterest = minInterest };
        changed.Validate();
        _thresholdSupport = minSupport;
        _thresholdInterest = minInterest;
    }

    /// <summary>The held windows. Read-only use: adding windows directly would bypass the candidate bookkeeping.</summary>
    public WindowHistory History => _history;

    /// <summary>The rules after the last closed window (or <see cref="Mine"/> call), in <see cref="KnockRule.CompareByItems"/> order.</summary>
    public IReadOnlyList<KnockRule> Rules { get; private set; } = [];

    public MiningCounters Counters => new(
        _passes,
        _windowsSkipped,
        _itemsEvicted,
        _truncatedPasses,
        _rulesDropped,
        _candidatesEvaluated,
        _lastCandidates,
        _peakCandidates,
        _candidateCount,
        _peakWindowItems,
        _passesSkipped);

    /// <summary>Adds the window to the history and mines: <see cref="Rules"/> then reflects the new history.</summary>
    public void OnWindowClosed(PortWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var evictedCount = 0;
        var wasFull = _history.IsFull;
        if (wasFull)
        {
            var leaving = _history.SlotItems(_history.NextSlot);
            if (_evicted.Length < leaving.Length)
            {
                _evicted = new KnockItem[leaving.Length];
            }

            leaving.CopyTo(_evicted);
            evictedCount = leaving.Length;
        }

        var slot = _history.NextSlot;
        _history.Add(window);
        if (!PrepareCandidates(_thresholdInterest))
        {
            // Same n and thresholds as the state: only the items that came or went can change status.
            var touched = false;
            foreach (var item in _evicted.AsSpan(0, evictedCount))
            {
                touched |= _candidatePosition[item.Value] != 0;
                UpdateCandidate(item);
                touched |= _candidatePosition[item.Value] != 0;
            }

            var inWindow = 0;
            foreach (var item in window.Items)
            {
                touched |= _candidatePosition[item.Value] != 0;
                UpdateCandidate(item);
                inWindow += _candidatePosition[item.Value] != 0 ? 1 : 0;
            }

            _slotCandidateCounts[slot] = inWindow;

            // Exact shortcut: with n and the thresholds as at the last pass, and no candidate item in the window that
            // came or the one that went, every candidate's membership row and count is as it was, so Algorithm 1
            // would return the same rules. Most windows of ordinary traffic hold no candidate item at all.
            if (wasFull && !touched && _passedSupport == _thresholdSupport && _passedInterest == _thresholdInterest)
            {
                _passesSkipped++;
                return;
            }
        }

        Rules = RunPass();
        _passedSupport = _thresholdSupport;
        _passedInterest = _thresholdInterest;
    }

    /// <summary>Runs Algorithm 1 over the held windows with the configured thresholds (what <see cref="OnWindowClosed"/> did last).</summary>
    public IReadOnlyList<KnockRule> Mine()
    {
        PrepareCandidates(_thresholdInterest);
        return RunPass();
    }

    /// <summary>
    /// The paper's Table 2 over the held windows: for each minInte, how many rules the configured minSupp and minConf
    /// give. One candidate pass at minInte = 0: an itemset survives a threshold when its smallest split interest
    /// reaches it. Equals <see cref="Mine"/> at each threshold unless a memory bound was reached (minInte = 0 makes
    /// more items candidates).
    /// </summary>
    public IReadOnlyList<InterestSweepPoint> SweepMinInterest(ReadOnlySpan<double> thresholds)
    {
        _sweep.Clear();
        PrepareCandidates(0);
        _sweeping = true;
        try
        {
            Pass(0);
        }
        finally
        {
            _sweeping = false;
        }

        var points = new InterestSweepPoint[thresholds.Length];
        for (var t = 0; t < thresholds.Length; t++)
        {
            var rules = 0;
            foreach (var (minInterest, count) in _sweep)
            {
                if (minInterest >= thresholds[t])
                {
                    rules += count;
                }
            }

            points[t] = new InterestSweepPoint(thresholds[t], rules);
        }

        return points;
    }

    private KnockRule[] RunPass()
    {
        _rules.Clear();
        Pass(_thresholdInterest);
        if (_rules.Count == 0)
        {
            return [];
        }

        _rules.Sort(RuleOrder);
        return _rules.ToArray();
    }

    /// <summary>
    /// Brings the candidate-item state to the thresholds for <paramref name="minInterest"/> and the current n,
    /// rebuilding it from the held windows when either changed. Returns true when it rebuilt (nothing left to update).
    /// </summary>
    private bool PrepareCandidates(double minInterest)
    {
        var n = _history.Count;
        var minCount = MinInterestCount(n, minInterest);
        var maxCount = MaxInfrequentCount(n);
        if (n == _stateWindows && minCount == _stateMinCount && maxCount == _stateMaxCount)
        {
            return false;
        }

        RebuildCandidates(n, minCount, maxCount);
        return true;
    }

    /// <summary>Re-checks one item after its window count changed, keeping the per-slot candidate counts exact.</summary>
    private void UpdateCandidate(KnockItem item)
    {
        var isCandidate = IsCandidateCount(_history.WindowCount(item));
        var wasCandidate = _candidatePosition[item.Value] != 0;
        if (isCandidate == wasCandidate)
        {
            return;
        }

        if (isCandidate)
        {
            AddCandidate(item);
        }
        else
        {
            RemoveCandidate(item);
        }

        var delta = isCandidate ? 1 : -1;
        var row = _history.Membership(item);
        for (var w = 0; w < row.Length; w++)
        {
            var bits = row[w];
            while (bits != 0)
            {
                _slotCandidateCounts[(w << 6) + BitOperations.TrailingZeroCount(bits)] += delta;
                bits &= bits - 1;
            }
        }
    }

    private bool IsCandidateCount(int count) => count >= _stateMinCount && count <= _stateMaxCount;

    private void AddCandidate(KnockItem item)
    {
        if (_candidateCount == _candidates.Length)
        {
            Array.Resize(ref _candidates, _candidates.Length * 2);
        }

        _candidates[_candidateCount++] = item;
        _candidatePosition[item.Value] = _candidateCount;
    }

    private void RemoveCandidate(KnockItem item)
    {
        var index = _candidatePosition[item.Value] - 1;
        var last = _candidates[--_candidateCount];
        _candidates[index] = last;
        _candidatePosition[last.Value] = index + 1;
        _candidatePosition[item.Value] = 0;
    }

    /// <summary>The largest window count c ≤ n whose support c/n is infrequent (0 when none is).</summary>
    private int MaxInfrequentCount(int n)
    {
        var max = 0;
        for (var c = 1; c <= n; c++)
        {
            var support = c / (double)n;
            var infrequent = _options.Boundary == SupportBoundary.AtMost ? support <= _thresholdSupport : support < _thresholdSupport;
            if (!infrequent)
            {
                break;
            }

            max = c;
        }

        return max;
    }

    /// <summary>The smallest window count c ≥ 1 whose support c/n reaches <paramref name="minInterest"/> (n + 1 when none does).</summary>
    private static int MinInterestCount(int n, double minInterest)
    {
        for (var c = 1; c <= n; c++)
        {
            if (c / (double)n >= minInterest)
            {
                return c;
            }
        }

        return n + 1;
    }

    private void Pass(double minInterest)
    {
        _passes++;
        _passCandidates = 0;
        _minInterest = minInterest;
        var n = _history.Count;
        if (n > 0 && BuildTemp(n) && MinePairs(n))
        {
            for (var k = 3; k <= _options.MaxItemsetSize; k++)
            {
                if (!MineItemsets(n, k))
                {
                    break;
                }
            }
        }

        _lastCandidates = _passCandidates;
        _peakCandidates = Math.Max(_peakCandidates, _passCandidates);
        _candidatesEvaluated += _passCandidates;
    }

    /// <summary>
    /// Lines 5–15: fills Temp (sorted candidate items) of every held window with 2 to the cap of them; returns false when
    /// there is none. Built item by item from the membership rows, so it costs O(candidate items + Temp), not O(windows × items).
    /// </summary>
    private bool BuildTemp(int n)
    {
        Array.Clear(_activeWindows);
        var limit = _options.MaxCandidateItemsPerWindow;
        var total = 0;
        for (var slot = 0; slot < n; slot++)
        {
            _tempLength[slot] = 0;
            var count = _slotCandidateCounts[slot];
            if (count > limit)
            {
                _windowsSkipped++;
                _itemsEvicted += count;
                continue;
            }

            if (count < 2)
            {
                continue;
            }

            _tempStart[slot] = total;
            total += count;
            _activeWindows[slot >> 6] |= 1UL << slot;
        }

        if (total == 0)
        {
            return false;
        }

        _peakWindowItems = Math.Max(_peakWindowItems, total);
        if (_tempItems.Length < total)
        {
            _tempItems = new KnockItem[Math.Max(total, _tempItems.Length * 2)];
        }

        if (_sortedCandidates.Length < _candidateCount)
        {
            _sortedCandidates = new KnockItem[_candidates.Length];
        }

        var sorted = _sortedCandidates.AsSpan(0, _candidateCount);
        _candidates.AsSpan(0, _candidateCount).CopyTo(sorted);
        sorted.Sort();
        foreach (var item in sorted)
        {
            var row = _history.Membership(item);
            for (var w = 0; w < row.Length; w++)
            {
                var bits = row[w] & _activeWindows[w];
                while (bits != 0)
                {
                    var slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    _tempItems[_tempStart[slot] + _tempLength[slot]++] = item;
                }
            }
        }

        return true;
    }

    private ReadOnlySpan<KnockItem> Temp(int slot) => _tempItems.AsSpan(_tempStart[slot], _tempLength[slot]);

    private bool IsActive(int slot) => (_activeWindows[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>Every pair of candidate items sharing a combining window, each once; false when the pass was truncated.</summary>
    private bool MinePairs(int n)
    {
        var words = _activeWindows.Length;
        foreach (var a in _sortedCandidates.AsSpan(0, _candidateCount))
        {
            var epoch = NextEpoch();
            var rowA = _history.Membership(a);
            for (var w = 0; w < words; w++)
            {
                var bits = rowA[w] & _activeWindows[w];
                while (bits != 0)
                {
                    var slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    var temp = Temp(slot);
                    for (var j = temp.BinarySearch(a) + 1; j < temp.Length; j++)
                    {
                        var b = temp[j];
                        if (_stamp[b.Value] == epoch)
                        {
                            continue;
                        }

                        _stamp[b.Value] = epoch;
                        if (!TryTakeCandidate())
                        {
                            return false;
                        }

                        EvaluatePair(a, b, n);
                    }
                }
            }
        }

        return true;
    }

    /// <summary>Every k-combination (k ≥ 3) of a combining window's Temp, each once; false when the pass was truncated.</summary>
    private bool MineItemsets(int n, int k)
    {
        _seenItemsets.Clear();
        var index = _combination.AsSpan(0, k);
        for (var slot = 0; slot < n; slot++)
        {
            if (!IsActive(slot) || _tempLength[slot] < k)
            {
                continue;
            }

            var temp = Temp(slot);
            for (var i = 0; i < k; i++)
            {
                index[i] = i;
            }

            while (true)
            {
                UInt128 key = 0;
                for (var i = 0; i < k; i++)
                {
                    _itemset[i] = temp[index[i]];
                    key = (key << BitsPerItemInKey) | (uint)(_itemset[i].Value + 1);
                }

                if (_seenItemsets.Add(key))
                {
                    if (!TryTakeCandidate())
                    {
                        return false;
                    }

                    EvaluateItemset(_itemset.AsSpan(0, k), n);
                }

                // Next combination in lexicographic order.
                var p = k - 1;
                while (p >= 0 && index[p] == temp.Length - k + p)
                {
                    p--;
                }

                if (p < 0)
                {
                    break;
                }

                index[p]++;
                for (var i = p + 1; i < k; i++)
                {
                    index[i] = index[i - 1] + 1;
                }
            }
        }

        return true;
    }

    private bool TryTakeCandidate()
    {
        if (_passCandidates >= _options.MaxCandidateItemsets)
        {
            _truncatedPasses++;
            return false;
        }

        _passCandidates++;
        return true;
    }

    private void EvaluatePair(KnockItem a, KnockItem b, int n)
    {
        var windows = MembershipBits.AndPopCount(_history.Membership(a), _history.Membership(b));
        var sA = _history.WindowCount(a) / (double)n;
        var sB = _history.WindowCount(b) / (double)n;
        var sI = windows / (double)n;
        var interest = Math.Abs(sI - (sA * sB));
        if (interest < _minInterest)
        {
            return;
        }

        _itemset[0] = a;
        _itemset[1] = b;
        var emitted = EmitSplit(_itemset.AsSpan(0, 2), 0b01, 0b10, sA, sB, sI, interest, windows, n);
        if (_sweeping)
        {
            _sweep.Add((interest, emitted));
        }
    }

    /// <summary>Lines 16–32 for one k-itemset: supports of every subset from the rows, pruning over all splits, then the rules.</summary>
    private void EvaluateItemset(ReadOnlySpan<KnockItem> items, int n)
    {
        var words = _history.WordsPerItem;
        var full = (1 << items.Length) - 1;
        for (var mask = 1; mask <= full; mask++)
        {
            var lowest = BitOperations.TrailingZeroCount(mask);
            var rest = mask & (mask - 1);
            var row = _subsetRows.AsSpan(mask * words, words);
            if (rest == 0)
            {
                _history.Membership(items[lowest]).CopyTo(row);
            }
            else
            {
                MembershipBits.AndInto(row, _subsetRows.AsSpan(rest * words, words), _history.Membership(items[lowest]));
            }

            _subsetCounts[mask] = MembershipBits.PopCount(row);
        }

        var windows = _subsetCounts[full];
        var sI = windows / (double)n;

        // Unordered splits {X, Y}: X holds item 0, so each split is visited once.
        var smallest = double.PositiveInfinity;
        for (var x = 1; x < full; x += 2)
        {
            var sX = _subsetCounts[x] / (double)n;
            var sY = _subsetCounts[full ^ x] / (double)n;
            var interest = Math.Abs(sI - (sX * sY));
            if (interest < _minInterest)
            {
                return;
            }

            smallest = Math.Min(smallest, interest);
        }

        var emitted = 0;
        for (var x = 1; x < full; x += 2)
        {
            var y = full ^ x;
            var sX = _subsetCounts[x] / (double)n;
            var sY = _subsetCounts[y] / (double)n;
            emitted += EmitSplit(items, x, y, sX, sY, sI, Math.Abs(sI - (sX * sY)), windows, n);
        }

        if (_sweeping)
        {
            _sweep.Add((smallest, emitted));
        }
    }

    /// <summary>Lines 25–31 for one split (X and Y as masks over <paramref name="items"/>). Returns how many rules it gave.</summary>
    private int EmitSplit(
        ReadOnlySpan<KnockItem> items,
        int x,
        int y,
        double sX,
        double sY,
        double sI,
        double interest,
        int windows,
        int n)
    {
        var lift = sI / (sX * sY);
        if (!(lift > 1))
        {
            return 0;
        }

        // lift > 1 implies supp(X), supp(Y) < 1 and supp(X∪Y) > 0, so neither CPIR denominator is 0.
        var emitted = 0;
        var excess = sI - (sX * sY);
        var cpirYGivenX = excess / (sX * (1 - sY));
        if (cpirYGivenX >= _options.MinConfidence)
        {
            emitted++;
            AddRule(items, x, y, sI, cpirYGivenX, interest, lift, windows, n);
        }

        var cpirXGivenY = excess / (sY * (1 - sX));
        if (cpirXGivenY >= _options.MinConfidence)
        {
            emitted++;
            AddRule(items, y, x, sI, cpirXGivenY, interest, lift, windows, n);
        }

        return emitted;
    }

    private void AddRule(
        ReadOnlySpan<KnockItem> items,
        int antecedent,
        int consequent,
        double support,
        double confidence,
        double interest,
        double lift,
        int windows,
        int n)
    {
        if (_sweeping)
        {
            return;
        }

        if (_rules.Count >= _options.MaxRules)
        {
            _rulesDropped++;
            return;
        }

        _rules.Add(new KnockRule(Select(items, antecedent), Select(items, consequent), support, confidence, interest, lift, windows, n));
    }

    /// <summary>The items of <paramref name="mask"/>, in the (sorted) order of <paramref name="items"/>.</summary>
    private static ImmutableArray<KnockItem> Select(ReadOnlySpan<KnockItem> items, int mask)
    {
        var builder = ImmutableArray.CreateBuilder<KnockItem>(BitOperations.PopCount((uint)mask));
        for (var i = 0; i < items.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                builder.Add(items[i]);
            }
        }

        Debug.Assert(builder.Count == builder.Capacity, "the capacity is the popcount");
        return builder.MoveToImmutable();
    }

    private int NextEpoch()
    {
        if (_epoch == int.MaxValue)
        {
            Array.Clear(_stamp);
            _epoch = 0;
        }

        return ++_epoch;
    }
}
