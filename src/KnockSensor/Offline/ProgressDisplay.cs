using System.Globalization;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;

namespace KnockSensor.Offline;

/// <summary>
/// Progress for long offline runs: one line on standard error, rewritten twice a second, with packets, percent of
/// the current file and rate. Reads counters from a timer thread; the values may be a moment stale, never torn
/// (64-bit reads), and the capture thread pays nothing for it.
/// </summary>
public sealed class ProgressDisplay : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly TextWriter _output;
    private readonly DecodeCounters _counters;
    private readonly Timer _timer;
    private readonly long _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    private CaptureFileReader? _reader;
    private int _lastLineLength;

    public ProgressDisplay(TextWriter output, DecodeCounters counters)
    {
        _output = output;
        _counters = counters;
        _timer = new Timer(static state => ((ProgressDisplay)state!).Draw(), this, Interval, Interval);
    }

    /// <summary>The file now being read.</summary>
    public void Attach(CaptureFileReader reader) => Volatile.Write(ref _reader, reader);

    private void Draw()
    {
        var reader = Volatile.Read(ref _reader);
        if (reader is null)
        {
            return;
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var packets = _counters.Frames;
        var percent = reader.TotalBytes is long total && total > 0
            ? string.Create(CultureInfo.InvariantCulture, $" {Math.Min(100.0, 100.0 * reader.BytesConsumed / total):F1}%")
            : string.Empty;
        var line = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(reader.Path)}{percent}  {packets:N0} packets  {packets / Math.Max(elapsed, 1e-9):N0} packets/s");
        lock (_output)
        {
            _output.Write('\r' + line.PadRight(_lastLineLength));
            _output.Flush();
            _lastLineLength = line.Length;
        }
    }

    /// <summary>Stops drawing and clears the line so the summary starts on a clean one.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_output)
        {
            if (_lastLineLength > 0)
            {
                _output.Write('\r' + new string(' ', _lastLineLength) + '\r');
                _output.Flush();
            }
        }
    }
}
