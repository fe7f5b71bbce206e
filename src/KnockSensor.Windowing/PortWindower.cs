using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Stage 3: classifies each <see cref="PortEvent"/> with the <see cref="AccessPolicy"/>, adds accesses to the current
/// <see cref="PortWindow"/> and hands the window to the sink every <see cref="WindowingOptions.WindowSize"/> accesses.
/// </summary>
/// <remarks>
/// No allocation per event: the window's arrays are allocated once. Single owner, no concurrency: call
/// <see cref="Add"/> and <see cref="Flush"/> from one thread; the sink runs on that thread.
/// </remarks>
public sealed class PortWindower
{
    private readonly PortWindow _window;
    private readonly IWindowSink _sink;
    private readonly AccessPolicy _policy;
    private readonly int _windowSize;
    private long _events;
    private long _accesses;
    private long _windowsClosed;

    public PortWindower(WindowingOptions options, IWindowSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _policy = options.Policy;
        _windowSize = options.WindowSize;
        _sink = sink;
        _window = new PortWindow(_windowSize);
    }

    public WindowingCounters Counters => new(_events, _accesses, _events - _accesses, _windowsClosed);

    /// <summary>The window being filled (read-only use; it is cleared when it closes).</summary>
    public PortWindow CurrentWindow => _window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PortEvent portEvent)
    {
        _events++;
        if (!AccessClassifier.TryGetItem(in portEvent, _policy, out var item))
        {
            return;
        }

        _accesses++;
        _window.Add(item, portEvent.TimestampNs);
        if (_window.AccessCount == _windowSize)
        {
            CloseWindow();
        }
    }

    /// <summary>Closes the current window early (end of a capture file, shutdown). Does nothing when it is empty.</summary>
    public void Flush()
    {
        if (_window.AccessCount > 0)
        {
            CloseWindow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CloseWindow()
    {
        _window.Sequence = _windowsClosed;
        _windowsClosed++;
        try
        {
            _sink.OnWindowClosed(_window);
        }
        finally
        {
            _window.Clear();
        }
    }
}
