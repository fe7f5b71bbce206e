using System.Collections.Immutable;
using System.Numerics;
using KnockSensor.Windowing;

namespace KnockSensor.Mining;

/// <summary>
/// Stage 4: Algorithm 1 of Hommes, State and Engel (2012), the matrix-based scheme of Zhou and Yau, run online over
/// a sliding <see cref="WindowHistory"/>. After every closed window the rules equal those of the batch algorithm
/// over the windows then held.
/// </summary>
/// <remarks>
/// <para>One pass (see <see cref="Mine"/>):</para>
/// <list type="number">
/// <item>Inf1: the items whose support over the held windows is at most (or below, see <see cref="SupportBoundary"/>)
/// minSupp.</item>
/// <item>For each held window, Temp = its infrequent items. A window with more than
/// <see cref="MiningOptions.MaxInfrequentItemsPerWindow"/> of them is skipped (memory bound); otherwise every
/// combination of 2 to <see cref="MiningOptions.MaxItemsetSize"/> of its items is a candidate (count ≥ 1).</item>
/// <item>A candidate I is dropped when some split I = X ∪ Y (X, Y non-empty and disjoint) has interest below minInte.</item>
/// <item>For each split of a kept I: X ⇒ Y when lift &gt; 1 and CPIR(Y|X) ≥ minConf; Y ⇒ X likewise.</item>
/// </list>
/// <para>
/// Supports are exact: they come from the history's counts and membership rows, never from combination counts, so
/// a skipped window still counts in every support; it only proposes no candidates. A CPIR whose denominator is 0
/// (supp(Y) = 1) is undefined and gives no rule. Candidates are deduplicated with per-item epoch stamps (pairs) and a
/// reused hash set (triples), so the candidate state is bounded by <see cref="MiningOptions.MaxCandidateItemsets"/>.
/// </para>
/// <para>Single owner, no concurrency: call from the windowing thread.</para>
/// </remarks>
public sealed class RareRuleMiner : IWindowSink
{
    private static readonly Comparison<KnockRule> RuleOrder = KnockRule.CompareByItems;

    private readonly MiningOptions _options;
    private readonly WindowHistory _history;
    private readonly int[] _infStart;
    private readonly int[] _infLength;
    private readonly ulong[] _activeWindows;
    private readonly int[] _stamp = new int[KnockItem.Count];
    private readonly List<KnockItem> _distinctInfrequent = [];
    private readonly HashSet<ulong> _triples = [];
    private readonly List<KnockRule> _rules = [];
    private readonly List<(double MinInterest, int Rules)> _sweep = [];
    private KnockItem[] _infItems = new KnockItem[1024];
    private int _epoch;
    private bool _sweeping;
    private double _minInterest;
    private int _passCandidates;
    private long _passes;
    private long _windowsSkipped;
    private long _truncatedPasses;
    private long _candidatesEvaluated;
    private int _lastCandidates;
    private int _peakCandidates;

    public RareRuleMiner(MiningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _history = new WindowHistory(options.HistoryLength);
        _infStart = new int[options.HistoryLength];
        _infLength = new int[options.HistoryLength];
        _activeWindows = new ulong[_history.WordsPerItem];
    }

    public MiningOptions Options => _options;

    public WindowHistory History => _history;

    /// <summary>The rules of the last pass run by <see cref="OnWindowClosed"/>, in <see cref="KnockRule.CompareByItems"/> order.</summary>
    public IReadOnlyList<KnockRule> Rules { get; private set; } = [];

    public MiningCounters Counters =>
        new(_passes, _windowsSkipped, _truncatedPasses, _candidatesEvaluated, _lastCandidates, _peakCandidates);

    /// <summary>Adds the window to the history and mines it: <see cref="Rules"/> then reflects the new history.</summary>
    public void OnWindowClosed(PortWindow window)
    {
        _history.Add(window);
        Rules = Mine();
    }

    /// <summary>Runs Algorithm 1 over the held windows with the configured thresholds.</summary>
    public IReadOnlyList<KnockRule> Mine()
    {
        _rules.Clear();
        _sweeping = false;
        _minInterest = _options.MinInterest;
        Pass();
        if (_rules.Count == 0)
        {
            return [];
        }

        _rules.Sort(RuleOrder);
        return _rules.ToArray();
    }

    /// <summary>
    /// The paper's Table 2 over the held windows: for each minInte, how many rules the current minSupp and minConf
    /// give. One candidate pass: an itemset survives a threshold when its smallest split interest reaches it.
    /// </summary>
    public IReadOnlyList<InterestSweepPoint> SweepMinInterest(ReadOnlySpan<double> thresholds)
    {
        _sweep.Clear();
        _sweeping = true;
        _minInterest = 0;
        Pass();
        _sweeping = false;
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

    /// <summary>The largest window count c with c/n infrequent (0 when none is).</summary>
    private int MaxInfrequentCount(int n)
    {
        var max = 0;
        for (var c = 1; c <= n; c++)
        {
            var support = c / (double)n;
            var infrequent = _options.Boundary == SupportBoundary.AtMost ? support <= _options.MinSupport : support < _options.MinSupport;
            if (!infrequent)
            {
                break;
            }

            max = c;
        }

        return max;
    }

    private void Pass()
    {
        _passes++;
        _passCandidates = 0;
        var n = _history.Count;
        if (n > 0)
        {
            var maxInfrequent = MaxInfrequentCount(n);
            if (maxInfrequent > 0 && BuildInfrequentLists(n, maxInfrequent) && MinePairs(n) && _options.MaxItemsetSize >= 3)
            {
                MineTriples(n);
            }
        }

        _lastCandidates = _passCandidates;
        _peakCandidates = Math.Max(_peakCandidates, _passCandidates);
        _candidatesEvaluated += _passCandidates;
    }

    /// <summary>Fills Temp for every held window; returns false when no window has two infrequent items.</summary>
    private bool BuildInfrequentLists(int n, int maxInfrequent)
    {
        Array.Clear(_activeWindows);
        _distinctInfrequent.Clear();
        var limit = _options.MaxInfrequentItemsPerWindow;
        var epoch = NextEpoch();
        var offset = 0;
        for (var slot = 0; slot < n; slot++)
        {
            _infLength[slot] = 0;
            var items = _history.SlotItems(slot);
            var room = Math.Min(items.Length, limit);
            if (_infItems.Length < offset + room)
            {
                Array.Resize(ref _infItems, Math.Max(_infItems.Length * 2, offset + room));
            }

            var m = 0;
            var skipped = false;
            foreach (var item in items)
            {
                if (_history.WindowCount(item) > maxInfrequent)
                {
                    continue;
                }

                if (m == limit)
                {
                    skipped = true;
                    break;
                }

                _infItems[offset + m++] = item;
            }

            if (skipped)
            {
                _windowsSkipped++;
                continue;
            }

            if (m < 2)
            {
                continue;
            }

            var temp = _infItems.AsSpan(offset, m);
            temp.Sort();
            _infStart[slot] = offset;
            _infLength[slot] = m;
            offset += m;
            _activeWindows[slot >> 6] |= 1UL << slot;
            foreach (var item in temp)
            {
                if (_stamp[item.Value] != epoch)
                {
                    _stamp[item.Value] = epoch;
                    _distinctInfrequent.Add(item);
                }
            }
        }

        return _distinctInfrequent.Count > 0;
    }

    /// <summary>Every pair of infrequent items sharing a non-skipped window, each once; false when truncated.</summary>
    private bool MinePairs(int n)
    {
        _distinctInfrequent.Sort();
        var words = _activeWindows.Length;
        foreach (var a in _distinctInfrequent)
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
                    var temp = _infItems.AsSpan(_infStart[slot], _infLength[slot]);
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

    /// <summary>Every triple of infrequent items sharing a non-skipped window, each once.</summary>
    private void MineTriples(int n)
    {
        _triples.Clear();
        for (var slot = 0; slot < n; slot++)
        {
            var temp = _infItems.AsSpan(_infStart[slot], _infLength[slot]);
            if ((_activeWindows[slot >> 6] & (1UL << slot)) == 0 || temp.Length < 3)
            {
                continue;
            }

            for (var i = 0; i < temp.Length - 2; i++)
            {
                for (var j = i + 1; j < temp.Length - 1; j++)
                {
                    for (var k = j + 1; k < temp.Length; k++)
                    {
                        // Values are below 2^18, so three fit one key.
                        var key = ((ulong)(uint)temp[i].Value << 36) | ((ulong)(uint)temp[j].Value << 18) | (uint)temp[k].Value;
                        if (!_triples.Add(key))
                        {
                            continue;
                        }

                        if (!TryTakeCandidate())
                        {
                            return;
                        }

                        EvaluateTriple(temp[i], temp[j], temp[k], n);
                    }
                }
            }
        }
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
        var rowA = _history.Membership(a);
        var rowB = _history.Membership(b);
        var windows = MembershipBits.AndPopCount(rowA, rowB);
        var sA = _history.WindowCount(a) / (double)n;
        var sB = _history.WindowCount(b) / (double)n;
        var sI = windows / (double)n;
        var interest = Math.Abs(sI - (sA * sB));
        if (interest < _minInterest)
        {
            return;
        }

        var emitted = EmitSplit([a], [b], sA, sB, sI, interest, windows, n);
        if (_sweeping)
        {
            _sweep.Add((interest, emitted));
        }
    }

    private void EvaluateTriple(KnockItem a, KnockItem b, KnockItem c, int n)
    {
        var rowA = _history.Membership(a);
        var rowB = _history.Membership(b);
        var rowC = _history.Membership(c);
        var windows = MembershipBits.AndPopCount(rowA, rowB, rowC);
        var sA = _history.WindowCount(a) / (double)n;
        var sB = _history.WindowCount(b) / (double)n;
        var sC = _history.WindowCount(c) / (double)n;
        var sBC = MembershipBits.AndPopCount(rowB, rowC) / (double)n;
        var sAC = MembershipBits.AndPopCount(rowA, rowC) / (double)n;
        var sAB = MembershipBits.AndPopCount(rowA, rowB) / (double)n;
        var sI = windows / (double)n;
        var interestA = Math.Abs(sI - (sA * sBC));
        var interestB = Math.Abs(sI - (sB * sAC));
        var interestC = Math.Abs(sI - (sC * sAB));
        var minInterest = Math.Min(interestA, Math.Min(interestB, interestC));
        if (minInterest < _minInterest)
        {
            return;
        }

        var emitted = EmitSplit([a], [b, c], sA, sBC, sI, interestA, windows, n)
            + EmitSplit([b], [a, c], sB, sAC, sI, interestB, windows, n)
            + EmitSplit([c], [a, b], sC, sAB, sI, interestC, windows, n);
        if (_sweeping)
        {
            _sweep.Add((minInterest, emitted));
        }
    }

    /// <summary>Lines 25–31 of Algorithm 1 for one split: X ⇒ Y and Y ⇒ X. Returns how many rules it gave.</summary>
    private int EmitSplit(
        ReadOnlySpan<KnockItem> x,
        ReadOnlySpan<KnockItem> y,
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

        var emitted = 0;
        var excess = sI - (sX * sY);
        var denominatorXY = sX * (1 - sY);
        if (denominatorXY > 0)
        {
            var cpir = excess / denominatorXY;
            if (cpir >= _options.MinConfidence)
            {
                emitted++;
                AddRule(x, y, sI, cpir, interest, lift, windows, n);
            }
        }

        var denominatorYX = sY * (1 - sX);
        if (denominatorYX > 0)
        {
            var cpir = excess / denominatorYX;
            if (cpir >= _options.MinConfidence)
            {
                emitted++;
                AddRule(y, x, sI, cpir, interest, lift, windows, n);
            }
        }

        return emitted;
    }

    private void AddRule(
        ReadOnlySpan<KnockItem> antecedent,
        ReadOnlySpan<KnockItem> consequent,
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

        _rules.Add(new KnockRule([.. antecedent], [.. consequent], support, confidence, interest, lift, windows, n));
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
