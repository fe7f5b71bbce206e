using System.Numerics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Stage 3: classifies each <see cref="PortEvent"/> with the <see cref="AccessPolicy"/>, keeps scanners out, adds
/// accesses to windows of <see cref="WindowingOptions.WindowSize"/> accesses and hands each window to the sink.
/// </summary>
/// <remarks>
/// <para>
/// With <see cref="WindowingOptions.KeepKnocksWhole"/> (the default) up to <see cref="WindowingOptions.MaxOpenWindows"/>
/// windows are open at once. New episodes start in the newest (current) window, which takes ws accesses and then
/// makes way for a new one; an access continuing a destination host's episode (its previous access at most
/// <see cref="WindowingOptions.EpisodeGap"/> ago) joins the window the episode began in, while that window is open and
/// has room (2·ws). The oldest open window is handed to the sink once nothing has reached it for an episode gap of
/// packet time, or when the limit of open windows is reached. So a knock whose packets reach one host with gaps of at
/// most the episode gap lands in one window unless more than MaxOpenWindows × ws other accesses cross the network
/// while it lasts (16,000 by default: six seconds at 2,500 connection attempts per second); the paper's consecutive
/// windows split it whenever a boundary falls inside it. Windows are handed on in the order they were opened.
/// </para>
/// <para>
/// No allocation per event: windows are allocated as they are first needed, up to the limit, then reused; the tables
/// are fixed. Single owner, no concurrency: call <see cref="Add"/> and <see cref="Flush"/> from one thread; the sink
/// runs on that thread.
/// </para>
/// </remarks>
public sealed partial class PortWindower : IPortEventSink
{
    private readonly IWindowSink _sink;
    private readonly AccessPolicy _policy;
    private readonly int _windowSize;
    private readonly bool _keepWhole;
    private readonly long _episodeGapNs;
    private readonly EpisodeTable? _pairEpisodes;
    private readonly EpisodeTable? _hostEpisodes;
    private readonly PortWindow?[] _ring;
    private readonly int _ringMask;
    private readonly int _maxOpenWindows;
    private PortWindow _current;
    private PortWindow _oldestWindow;

    // Most accesses one episode may put into a window other than the current one: a knock is a handful of packets.
    private readonly int _episodeBudget;

    // Open windows are the generations _oldest.._generation (the current one), held in _ring[generation % length].
    // Generations start at 2 so an empty episode-table entry (generation 0) is never live.
    private long _oldest = 2;
    private long _generation = 2;
    private long _events;
    private long _accesses;
    private long _windowsClosed;
    private long _scannerAccesses;
    private long _lateJoins;

    public PortWindower(WindowingOptions options, IWindowSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _policy = options.Policy;
        _windowSize = options.WindowSize;
        _keepWhole = options.KeepKnocksWhole;
        _episodeGapNs = options.EpisodeGap.Ticks * 100;
        _sink = sink;
        _episodeBudget = Math.Max(16, _windowSize / 8);
        // A power-of-two ring, so a generation finds its slot with a mask, not a 64-bit division, on every access.
        _maxOpenWindows = _keepWhole ? options.MaxOpenWindows : 1;
        _ring = new PortWindow?[(int)BitOperations.RoundUpToPowerOf2((uint)_maxOpenWindows)];
        _ringMask = _ring.Length - 1;
        _current = Window(_generation);
        _oldestWindow = _current;
        _pairEpisodes = _keepWhole ? new EpisodeTable() : null;
        _hostEpisodes = _keepWhole ? new EpisodeTable() : null;
        Scanners = options.ScannerDistinctItems > 0 ? new ScannerTracker(options.ScannerDistinctItems, options.ScannerHorizon) : null;
    }

    /// <summary>The scanner tracker, or null when scanner filtering is off.</summary>
    public ScannerTracker? Scanners { get; }

    /// <summary>Entries of the two episode tables together (their memory cap), or 0 when knocks are not kept whole.</summary>
    public int EpisodeCapacity => (_pairEpisodes?.Capacity ?? 0) + (_hostEpisodes?.Capacity ?? 0);

    /// <summary>Live episodes at <paramref name="nowNs"/> in both tables (a scan: for metrics, not per packet).</summary>
    public int LiveEpisodes(long nowNs) =>
        (_pairEpisodes?.CountLive(nowNs, _episodeGapNs, _oldest) ?? 0) + (_hostEpisodes?.CountLive(nowNs, _episodeGapNs, _oldest) ?? 0);

    public WindowingCounters Counters => new(
        _events,
        _accesses,
        _events - _accesses - _scannerAccesses,
        _windowsClosed,
        _scannerAccesses,
        Scanners?.Flagged ?? 0,
        _lateJoins,
        (_pairEpisodes?.LiveEvicted ?? 0) + (_hostEpisodes?.LiveEvicted ?? 0));

    /// <summary>The window new episodes start in (read-only use; it is cleared when it closes).</summary>
    public PortWindow CurrentWindow => _current;

    /// <summary>Windows open now (at most <see cref="WindowingOptions.MaxOpenWindows"/>).</summary>
    public int OpenWindows => (int)(_generation - _oldest + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PortEvent portEvent)
    {
        CountAndAge(portEvent);
        if (IsAnswer(portEvent))
        {
            LogAnswer(portEvent);
        }

        if (!AccessClassifier.TryGetItem(in portEvent, _policy, out var item))
        {
            return;
        }

        if (Scanners is { } scanners && scanners.Observe(portEvent.Source, item, portEvent.TimestampNs))
        {
            _scannerAccesses++;
            return;
        }

        _accesses++;
        var target = _keepWhole ? Join(portEvent.Source, portEvent.Destination, portEvent.TimestampNs) : _current;
        target.Add(item, portEvent.Source, portEvent.Destination, portEvent.TimestampNs, portEvent.SourcePort);
        if (_current.AccessCount >= _windowSize)
        {
            Advance();
        }
    }

    /// <summary>
    /// Adds a run of events, exactly as <see cref="Add"/> on each in turn, while the table entries (scanner, pair and
    /// host episodes) of the next few accesses are fetched into the cache: with millions of sources those lookups
    /// miss, and one after another their misses were most of the windowing stage's time.
    /// </summary>
    /// <remarks>
    /// The look-ahead counts accesses (and SYN-ACK answers), not events: most events (data, ACKs, replies) touch no
    /// table, so a distance in events would leave the misses too little time on some traffic and too much on other.
    /// </remarks>
    public void AddBatch(ReadOnlySpan<PortEvent> portEvents)
    {
        Span<int> lookups = stackalloc int[BatchChunk];
        while (!portEvents.IsEmpty)
        {
            var chunk = portEvents[..Math.Min(BatchChunk, portEvents.Length)];
            portEvents = portEvents[chunk.Length..];

            // One classification pass: most events (data, ACKs, replies) need no table, and they then cost only
            // the count and the quiet-window check below, not a second and third classification.
            var count = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                if (NeedsTables(in chunk[i]))
                {
                    lookups[count++] = i;
                }
            }

            for (var k = 0; k < Math.Min(PrefetchLookups, count); k++)
            {
                PrefetchTables(in chunk[lookups[k]]);
            }

            var next = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                if (next < count && lookups[next] == i)
                {
                    if (next + PrefetchLookups < count)
                    {
                        PrefetchTables(in chunk[lookups[next + PrefetchLookups]]);
                    }

                    next++;
                    Add(in chunk[i]);
                }
                else
                {
                    // Neither an access nor an answer: all Add would do with it.
                    CountAndAge(in chunk[i]);
                }
            }
        }
    }

    /// <summary>What every event does, whatever it is: it is counted, and its time may seal quiet windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountAndAge(in PortEvent portEvent)
    {
        _events++;
        if (_oldest != _generation && portEvent.TimestampNs - _oldestWindow.LastActivityNs > _episodeGapNs)
        {
            SealQuietWindows(portEvent.TimestampNs);
        }
    }

    /// <summary>Closes every open window (end of a capture file, shutdown). Empty windows are not handed on.</summary>
    public void Flush()
    {
        while (_oldest <= _generation)
        {
            Close(Window(_oldest));
            _oldest++;
        }

        _generation = _oldest;
        _current = Window(_generation);
        _oldestWindow = _current;
    }

    /// <summary>
    /// The window an access from <paramref name="source"/> to <paramref name="destination"/> belongs to: that of the
    /// pair's live episode, else (a new pair) that of the destination's live episode, so that knocks from spoofed,
    /// per-packet sources stay together on a quiet host; else the current window. An episode that has already put
    /// <see cref="_episodeBudget"/> accesses into an older window — bulk traffic, a busy host, a flood — goes on in the
    /// current one instead, which keeps room in every open window for the short bursts a knock is made of.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PortWindow Join(in PacketAddress source, in PacketAddress destination, long nowNs)
    {
        var pairs = _pairEpisodes!;
        var hosts = _hostEpisodes!;
        var pairKey = EpisodeTable.PairKey(source, destination);
        var hostKey = EpisodeTable.DestinationKey(destination);
        var generation = _generation;
        var hostLive = hosts.TryFind(hostKey, nowNs, _episodeGapNs, _oldest, out var hostGeneration, out var hostAccesses);
        if (pairs.TryFind(pairKey, nowNs, _episodeGapNs, _oldest, out var pairGeneration, out var pairAccesses))
        {
            if (pairGeneration == _generation || (pairAccesses < _episodeBudget && !Window(pairGeneration).IsFull))
            {
                generation = pairGeneration;
            }

            pairs.Set(pairKey, generation, generation == pairGeneration ? pairAccesses + 1 : 1, nowNs, _episodeGapNs, _oldest);
        }
        else
        {
            if (hostLive && hostAccesses < _episodeBudget && !Window(hostGeneration).IsFull)
            {
                generation = hostGeneration;
            }

            pairs.Set(pairKey, generation, 1, nowNs, _episodeGapNs, _oldest);
        }

        if (hostLive && generation == hostGeneration)
        {
            hosts.Set(hostKey, generation, hostAccesses + 1, nowNs, _episodeGapNs, _oldest);
        }
        else if (hostLive && hostAccesses < _episodeBudget)
        {
            // The host's episode goes on in its own window; this access went with its pair's.
            hosts.Touch(hostKey, nowNs);
        }
        else
        {
            hosts.Set(hostKey, generation, 1, nowNs, _episodeGapNs, _oldest);
        }

        if (generation != _generation)
        {
            _lateJoins++;
        }

        return Window(generation);
    }

    // Accesses whose entries are being fetched ahead of the one being added: enough to cover a miss with the work
    // on the accesses between, few enough that the fetched lines are still in L1 when their access comes.
    private const int PrefetchLookups = 6;

    // Events classified at a time by AddBatch (the indices of those that need tables live on the stack).
    private const int BatchChunk = 256;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool NeedsTables(in PortEvent portEvent) =>
        IsAnswer(portEvent) || AccessClassifier.TryGetItem(in portEvent, _policy, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAnswer(in PortEvent portEvent) =>
        portEvent.Protocol == IpProtocol.Tcp && (portEvent.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == (TcpFlags.Syn | TcpFlags.Ack);

    /// <summary>Prefetches what <see cref="Add"/> will look up for <paramref name="portEvent"/>, an access or an answer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchTables(in PortEvent portEvent)
    {
        if (IsAnswer(portEvent))
        {
            _pairEpisodes?.Prefetch(EpisodeTable.PairKey(portEvent.Destination, portEvent.Source));
            return;
        }

        Scanners?.Prefetch(portEvent.Source);
        if (_keepWhole)
        {
            _pairEpisodes!.Prefetch(EpisodeTable.PairKey(portEvent.Source, portEvent.Destination));
            _hostEpisodes!.Prefetch(EpisodeTable.DestinationKey(portEvent.Destination));
        }
    }

    /// <summary>Logs a SYN-ACK in the window of the client's episode toward the answering host: the sign that a port was open.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LogAnswer(in PortEvent answer)
    {
        var target = _current;
        if (_keepWhole
            && _pairEpisodes!.TryFind(EpisodeTable.PairKey(answer.Destination, answer.Source), answer.TimestampNs, _episodeGapNs, _oldest, out var generation, out _)
            && Window(generation).HasAnswerRoom)
        {
            target = Window(generation);
        }

        target.AddAnswer(KnockItem.Tcp(answer.SourcePort), answer.Destination, answer.Source, answer.TimestampNs, answer.DestinationPort);
    }

    /// <summary>Hands on the oldest open windows that nothing has reached for an episode gap: no live episode can join them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SealQuietWindows(long nowNs)
    {
        while (_oldest < _generation)
        {
            var oldest = Window(_oldest);
            if (oldest.AccessCount > 0 && nowNs - oldest.LastActivityNs <= _episodeGapNs)
            {
                break;
            }

            Close(oldest);
            _oldest++;
        }

        _oldestWindow = Window(_oldest);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Advance()
    {
        if (!_keepWhole)
        {
            Close(_current);
            return;
        }

        if (OpenWindows == _maxOpenWindows)
        {
            Close(Window(_oldest));
            _oldest++;
        }

        _generation++;
        _current = Window(_generation);
        _oldestWindow = Window(_oldest);
    }

    private PortWindow Window(long generation)
    {
        ref var slot = ref _ring[(int)generation & _ringMask];

        // Allocated once per ring slot, the first time it is needed; reused ever after.
        slot ??= new PortWindow(_keepWhole ? 2 * _windowSize : _windowSize, answerCapacity: 2 * _windowSize);
        return slot;
    }

    private void Close(PortWindow window)
    {
        if (window.AccessCount == 0)
        {
            window.Clear();
            return;
        }

        window.Sequence = _windowsClosed;
        _windowsClosed++;
        try
        {
            _sink.OnWindowClosed(window);
        }
        finally
        {
            window.Clear();
        }
    }
}
