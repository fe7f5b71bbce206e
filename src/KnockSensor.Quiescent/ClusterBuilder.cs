namespace KnockSensor.Quiescent;

/// <summary>
/// Builds the cluster model from the history rings: which keys move together (robust correlation, transitive
/// clusters) and, for every tracked key, its ratio, offset and robust scale against its cluster's median (against
/// zero, i.e. its own history's median and scale, for a key in no cluster). Run at the end of the learning period and then every <see cref="QuiescentOptions.ReclusterEveryBins"/>.
/// </summary>
/// <remarks>
/// Cost. Server-side series (TCP/UDP 0–1023, ICMP types, other protocols) and then the busiest other series, up to
/// <see cref="QuiescentOptions.MaxAllPairsKeys"/> in all, are correlated all-pairs: n²/2 robust correlations of
/// O(T) each. The rest — potentially every ephemeral port — are correlated only against cluster profiles (the
/// per-bin median of the members' standardised series), joining the best match at or above the threshold, or else the
/// median profile of the rest themselves: O(n·k·T) instead of O(n²·T). That is what makes the whole port space affordable:
/// 64 512 ephemeral ports all-pairs would be two billion correlations per rebuild.
/// </remarks>
internal sealed class ClusterBuilder
{
    /// <summary>Profiles an unpaired series is compared with: the largest clusters, plus the median profile of the rest.</summary>
    private const int MaxProfiles = 16;

    private readonly QuiescentOptions _options;

    public ClusterBuilder(QuiescentOptions options) => _options = options;

    public void Build(QuiescentState state)
    {
        ReleaseIdle(state);
        var window = (int)Math.Min(state.BinsClosed, state.HistoryBins);
        var firstBin = state.LastClosedBin - window + 1;
        var correlation = new RobustCorrelation(window, _options.TrimFraction);
        var scratch = new double[Math.Max(window, 16)];

        var candidates = Candidates(state, firstBin, window);
        var allPairs = candidates.Count <= _options.MaxAllPairsKeys ? candidates : candidates.GetRange(0, _options.MaxAllPairsKeys);
        var rest = candidates.Count <= _options.MaxAllPairsKeys ? [] : candidates.GetRange(_options.MaxAllPairsKeys, candidates.Count - _options.MaxAllPairsKeys);

        // All pairs among the server-side series, linked when C(i, j) reaches the threshold.
        var series = new double[allPairs.Count * window];
        for (var i = 0; i < allPairs.Count; i++)
        {
            Load(state, allPairs[i], firstBin, window, series.AsSpan(i * window, window));
        }

        var sets = new UnionFind(allPairs.Count);
        long pairs = 0;
        for (var i = 0; i < allPairs.Count; i++)
        {
            var x = series.AsSpan(i * window, window);
            for (var j = i + 1; j < allPairs.Count; j++)
            {
                // Already in one set: C(i, j) could only add a link the closure already has.
                if (sets.Find(i) == sets.Find(j))
                {
                    continue;
                }

                pairs++;
                if (correlation.Compute(x, series.AsSpan(j * window, window)) >= _options.CorrelationThreshold)
                {
                    sets.Union(i, j);
                }
            }
        }

        var clusters = new List<List<int>>();
        var clusterOfRoot = new Dictionary<int, int>();
        for (var i = 0; i < allPairs.Count; i++)
        {
            if (sets.SizeOf(i) < 2)
            {
                continue;
            }

            var root = sets.Find(i);
            if (!clusterOfRoot.TryGetValue(root, out var cluster))
            {
                cluster = clusters.Count;
                clusterOfRoot.Add(root, cluster);
                clusters.Add([]);
            }

            clusters[cluster].Add(allPairs[i]);
        }

        var profileAssigned = AssignByProfile(state, clusters, rest, firstBin, window, correlation);

        // Largest cluster first, ties by lowest key: cluster ids are stable for the same data.
        foreach (var members in clusters)
        {
            members.Sort((a, b) => state.SlotKeys[a].CompareTo(state.SlotKeys[b]));
        }

        clusters.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : state.SlotKeys[a[0]].CompareTo(state.SlotKeys[b[0]]));

        WriteModel(state, clusters, firstBin, window, scratch);
        state.AllPairsKeys = allPairs.Count;
        state.PairsCorrelated = pairs;
        state.ProfileAssignedKeys = profileAssigned;
        state.ModelBuiltAtBin = state.LastClosedBin;
    }

    /// <summary>Slots with no watched flow over the whole window: their rings are all zeros, so they go back to the pool.</summary>
    private static void ReleaseIdle(QuiescentState state)
    {
        for (var slot = 0; slot < state.SlotCount; slot++)
        {
            if (state.SlotKeys[slot] < 0)
            {
                continue;
            }

            // Every ring entry after the last active bin becomes a real zero before the model reads the rings.
            state.ClearStale(slot, state.LastClosedBin + 1);
            if (state.SlotLastActiveBin[slot] <= state.LastClosedBin - state.HistoryBins)
            {
                Array.Clear(state.SlotFlows[slot]);
                Array.Clear(state.SlotSources[slot]);
                state.Release(slot);
            }
        }
    }

    /// <summary>
    /// Slots active in at least <see cref="QuiescentOptions.MinActiveFraction"/> of the window, in correlation
    /// priority: server-side keys first (by key), then the others by total flows (busiest first, then by key).
    /// </summary>
    private List<int> Candidates(QuiescentState state, long firstBin, int window)
    {
        var minimumActive = Math.Max(3, (int)Math.Ceiling(_options.MinActiveFraction * window));
        var list = new List<(bool Server, long Total, int Key, int Slot)>();
        for (var slot = 0; slot < state.SlotCount; slot++)
        {
            var key = state.SlotKeys[slot];
            if (key < 0)
            {
                continue;
            }

            var (total, active) = SumAndNonZero(state, state.SlotFlows[slot], firstBin, window);

            if (active >= minimumActive)
            {
                list.Add((SeriesKey.IsServerPort(key) || !SeriesKey.IsPort(key), total, key, slot));
            }
        }

        list.Sort(static (a, b) =>
            a.Server != b.Server ? b.Server.CompareTo(a.Server)
            : a.Server ? a.Key.CompareTo(b.Key)
            : a.Total != b.Total ? b.Total.CompareTo(a.Total)
            : a.Key.CompareTo(b.Key));
        return list.ConvertAll(static c => c.Slot);
    }

    /// <summary>
    /// Correlates each series outside the all-pairs set against the largest clusters' profiles and against the median
    /// profile of those series themselves (the seed's "nearly all ports above 1023 are correlated"); each joins the
    /// best match at or above the threshold. Returns how many joined.
    /// </summary>
    private int AssignByProfile(QuiescentState state, List<List<int>> clusters, List<int> rest, long firstBin, int window, RobustCorrelation correlation)
    {
        if (rest.Count == 0)
        {
            return 0;
        }

        var sources = new List<List<int>>(clusters);
        sources.Sort(static (a, b) => b.Count.CompareTo(a.Count));
        if (sources.Count > MaxProfiles)
        {
            sources.RemoveRange(MaxProfiles, sources.Count - MaxProfiles);
        }

        var profiles = new List<(double[] Profile, List<int> Cluster)>();
        foreach (var members in sources)
        {
            profiles.Add((MedianProfile(state, members, firstBin, window), members));
        }

        var restCluster = new List<int>();
        profiles.Add((MedianProfile(state, rest, firstBin, window), restCluster));

        var values = new double[window];
        var joined = 0;
        var restProfile = profiles.Count - 1;
        foreach (var slot in rest)
        {
            Load(state, slot, firstBin, window, values);
            // The best-matching cluster profile; the rest's own median profile only when no cluster matches, so a
            // series that follows a cluster joins it rather than a profile built from itself and its like.
            var best = -1;
            var bestCorrelation = _options.CorrelationThreshold;
            for (var p = 0; p < restProfile; p++)
            {
                var r = correlation.Compute(values, profiles[p].Profile);
                if (r >= bestCorrelation)
                {
                    best = p;
                    bestCorrelation = r;
                }
            }

            if (best < 0 && correlation.Compute(values, profiles[restProfile].Profile) >= _options.CorrelationThreshold)
            {
                best = restProfile;
            }

            if (best >= 0)
            {
                profiles[best].Cluster.Add(slot);
                joined++;
            }
        }

        if (restCluster.Count >= 2)
        {
            clusters.Add(restCluster);
        }
        else if (restCluster.Count == 1)
        {
            joined--;
        }

        return joined;
    }

    /// <summary>Per bin, the median over <paramref name="members"/> of each series standardised by its own median and robust scale.</summary>
    private static double[] MedianProfile(QuiescentState state, List<int> members, long firstBin, int window)
    {
        var centers = new double[members.Count];
        var scales = new double[members.Count];
        var values = new double[window];
        var work = new double[Math.Max(window, members.Count)];
        for (var m = 0; m < members.Count; m++)
        {
            Load(state, members[m], firstBin, window, values);
            centers[m] = RobustStatistics.Median(values, work);
            var scale = RobustStatistics.Scale(values, centers[m], work);
            scales[m] = scale > 0 ? scale : 1;
        }

        var profile = new double[window];
        var column = new double[members.Count];
        for (var i = 0; i < window; i++)
        {
            var ring = state.RingIndex(firstBin + i);
            for (var m = 0; m < members.Count; m++)
            {
                column[m] = (state.SlotFlows[members[m]][ring] - centers[m]) / scales[m];
            }

            profile[i] = RobustStatistics.MedianInPlace(column);
        }

        return profile;
    }

    /// <summary>Writes cluster membership and every tracked slot's offset and scale into the state.</summary>
    private static void WriteModel(QuiescentState state, List<List<int>> clusters, long firstBin, int window, double[] scratch)
    {
        for (var slot = 0; slot < state.SlotCount; slot++)
        {
            state.SlotCluster[slot] = -1;
        }

        var start = new int[clusters.Count + 1];
        var members = new int[clusters.Sum(static c => c.Count)];
        var next = 0;
        for (var c = 0; c < clusters.Count; c++)
        {
            start[c] = next;
            foreach (var slot in clusters[c])
            {
                members[next++] = slot;
                state.SlotCluster[slot] = c;
            }
        }

        start[clusters.Count] = next;
        state.ClusterStart = start;
        state.ClusterMembers = members;

        var medianFlows = new double[clusters.Count * window];
        var medianSources = new double[clusters.Count * window];
        var column = new double[Math.Max(1, clusters.Count == 0 ? 1 : clusters.Max(static c => c.Count))];
        for (var c = 0; c < clusters.Count; c++)
        {
            for (var i = 0; i < window; i++)
            {
                var ring = state.RingIndex(firstBin + i);
                medianFlows[(c * window) + i] = ColumnMedian(state.SlotFlows, clusters[c], ring, column);
                medianSources[(c * window) + i] = ColumnMedian(state.SlotSources, clusters[c], ring, column);
            }
        }

        var residuals = new double[window];
        for (var slot = 0; slot < state.SlotCount; slot++)
        {
            if (state.SlotKeys[slot] < 0)
            {
                continue;
            }

            var c = state.SlotCluster[slot];
            (state.SlotFlowRatio[slot], state.SlotFlowOffset[slot], state.SlotFlowScale[slot]) = Baseline(state, state.SlotFlows[slot], c < 0 ? default : medianFlows.AsSpan(c * window, window), firstBin, residuals, scratch);
            (state.SlotSourceRatio[slot], state.SlotSourceOffset[slot], state.SlotSourceScale[slot]) = Baseline(state, state.SlotSources[slot], c < 0 ? default : medianSources.AsSpan(c * window, window), firstBin, residuals, scratch);
        }
    }

    /// <summary>
    /// The series against its cluster median m: ratio b = median of x/m over bins with m &gt; 0 (the seed subtracts m
    /// itself, b = 1; scaling it lets a busier member of a cluster sit above the median without being "anomalous"),
    /// then the median and robust scale of x − b·m. Without a cluster: b = 0, the median and scale of x itself.
    /// </summary>
    private static (double Ratio, double Offset, double Scale) Baseline(QuiescentState state, ushort[] ring, ReadOnlySpan<double> clusterMedian, long firstBin, double[] residuals, double[] scratch)
    {
        if (clusterMedian.IsEmpty)
        {
            // Most series in no cluster are mostly zeros (ephemeral ports, backscatter). With more than half the
            // values 0, the median and the MAD are 0 and the scale is the mean-absolute-deviation fallback: the
            // same answer as the general path below, in one pass instead of two selections.
            var (sum, nonZero) = SumAndNonZero(state, ring, firstBin, residuals.Length);
            var zeros = residuals.Length - nonZero;

            if (zeros * 2 > residuals.Length)
            {
                return (0, 0, 1.2533 * sum / residuals.Length);
            }
        }

        state.Chronological(ring, firstBin, residuals);
        double ratio = 0;
        if (!clusterMedian.IsEmpty)
        {
            var ratios = 0;
            for (var i = 0; i < clusterMedian.Length; i++)
            {
                if (clusterMedian[i] > 0)
                {
                    scratch[ratios++] = residuals[i] / clusterMedian[i];
                }
            }

            ratio = ratios > 0 ? RobustStatistics.MedianInPlace(scratch.AsSpan(0, ratios)) : 1;
            for (var i = 0; i < clusterMedian.Length; i++)
            {
                residuals[i] -= ratio * clusterMedian[i];
            }
        }

        var offset = RobustStatistics.Median(residuals, scratch);
        return (ratio, offset, RobustStatistics.Scale(residuals, offset, scratch));
    }

    private static double ColumnMedian(ushort[][] rings, List<int> members, int ring, double[] column)
    {
        var work = column.AsSpan(0, members.Count);
        for (var m = 0; m < members.Count; m++)
        {
            work[m] = rings[members[m]][ring];
        }

        return RobustStatistics.MedianInPlace(work);
    }

    private static void Load(QuiescentState state, int slot, long firstBin, int window, Span<double> destination)
    {
        state.Chronological(state.SlotFlows[slot], firstBin, destination[..window]);
    }

    /// <summary>Sum and count of non-zero bins over the window. Order does not matter here, so the window is read as
    /// the (up to) two contiguous pieces of the ring.</summary>
    private static (long Sum, int NonZero) SumAndNonZero(QuiescentState state, ushort[] ring, long firstBin, int window)
    {
        var start = state.RingIndex(firstBin);
        var first = Math.Min(window, ring.Length - start);
        long sum = 0;
        var nonZero = 0;
        foreach (var value in ring.AsSpan(start, first))
        {
            sum += value;
            nonZero += value != 0 ? 1 : 0;
        }

        foreach (var value in ring.AsSpan(0, window - first))
        {
            sum += value;
            nonZero += value != 0 ? 1 : 0;
        }

        return (sum, nonZero);
    }
}
