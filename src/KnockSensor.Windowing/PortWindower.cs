using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Stage 3: classifies each <see cref="PortEvent"/> with the <see cref="AccessPolicy"/>, keeps scanners out, adds
/// accesses to windows and hands each window to the sink once <see cref="WindowingOptions.WindowSize"/> accesses
/// have arrived after it.
/// </summary>
/// <remarks>
/// <para>
/// With <see cref="WindowingOptions.KeepKnocksWhole"/> (the default) two windows are open: the current one, which
/// new episodes start in and which closes its intake after ws accesses, and the previous one, which only accepts
/// accesses continuing a destination host's episode that began in it. When the current window fills, the previous one
/// is handed to the sink and the current one becomes previous. So a knock whose packets reach one host with gaps of
/// at most <see cref="WindowingOptions.EpisodeGap"/> lands in one window whenever fewer than ws other accesses cross
/// the network while it lasts; the paper's consecutive windows split it whenever a boundary falls inside it. Windows
/// are handed on one window later than the paper's and hold ws accesses plus their late joiners (at most 2·ws).
/// </para>
/// <para>
/// No allocation per event: windows and tables are allocated once. Single owner, no concurrency: call
/// <see cref="Add"/> and <see cref="Flush"/> from one thread; the sink runs on that thread.
/// </para>
/// </remarks>
public sealed class PortWindower : IPortEventSink
{
    private readonly IWindowSink _sink;
    private readonly AccessPolicy _policy;
    private readonly int _windowSize;
    private readonly bool _keepWhole;
    private readonly long _episodeGapNs;
    private readonly DestinationEpisodes? _episodes;
    private PortWindow _current;
    private PortWindow _previous;

    // Generation of the current window; the previous one is _generation − 1. Starts at 2 so an empty table entry
    // (generation 0) is never live, not even as the previous window of the first.
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
        var capacity = _keepWhole ? 2 * _windowSize : _windowSize;
        _current = new PortWindow(capacity, answerCapacity: capacity);
        _previous = new PortWindow(capacity, answerCapacity: capacity);
        _episodes = _keepWhole ? new DestinationEpisodes() : null;
        Scanners = options.ScannerDistinctItems > 0 ? new ScannerTracker(options.ScannerDistinctItems, options.ScannerHorizon) : null;
    }

    /// <summary>The scanner tracker, or null when scanner filtering is off.</summary>
    public ScannerTracker? Scanners { get; }

    public WindowingCounters Counters => new(
        _events,
        _accesses,
        _events - _accesses - _scannerAccesses,
        _windowsClosed,
        _scannerAccesses,
        Scanners?.Flagged ?? 0,
        _lateJoins,
        _episodes?.LiveEvicted ?? 0);

    /// <summary>The window new episodes start in (read-only use; it is cleared when it closes).</summary>
    public PortWindow CurrentWindow => _current;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PortEvent portEvent)
    {
        _events++;
        if (portEvent.Protocol == IpProtocol.Tcp && (portEvent.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == (TcpFlags.Syn | TcpFlags.Ack))
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
        var target = _current;
        if (_episodes is { } episodes)
        {
            var generation = episodes.Touch(portEvent.Destination, portEvent.TimestampNs, _episodeGapNs, _generation - 1, _generation);
            if (generation != _generation && !_previous.IsFull)
            {
                target = _previous;
                _lateJoins++;
            }
        }

        target.Add(item, portEvent.Source, portEvent.Destination, portEvent.TimestampNs);
        if (_current.AccessCount >= _windowSize)
        {
            Rotate();
        }
    }

    /// <summary>Logs a SYN-ACK in the window of the answering host's episode: the sign that a port was open.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LogAnswer(in PortEvent answer)
    {
        var target = _current;
        if (_episodes is { } episodes
            && episodes.Touch(answer.Source, answer.TimestampNs, _episodeGapNs, _generation - 1, _generation) != _generation)
        {
            target = _previous;
        }

        target.AddAnswer(KnockItem.Tcp(answer.SourcePort), answer.Destination, answer.Source, answer.TimestampNs);
    }

    /// <summary>Closes the open windows (end of a capture file, shutdown). Does nothing when they are empty.</summary>
    public void Flush()
    {
        Close(_previous);
        Close(_current);
        _generation += 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Rotate()
    {
        if (!_keepWhole)
        {
            Close(_current);
            return;
        }

        Close(_previous);
        (_previous, _current) = (_current, _previous);
        _generation++;
    }

    private void Close(PortWindow window)
    {
        if (window.AccessCount == 0)
        {
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
