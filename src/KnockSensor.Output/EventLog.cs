using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace KnockSensor.Output;

/// <summary>
/// The NDJSON event log: one JSON object per line, EVE-style common fields first (<c>timestamp</c>, <c>event_type</c>),
/// then the type-specific object. Field order is fixed by the writers, so golden tests can diff the output.
/// </summary>
/// <remarks>
/// Appends to an existing file (like Suricata's eve.json); "-" writes to standard output. A file log is written by
/// its own thread behind a bounded queue, so a slow or stalled disk never holds up the thread that finds events: when
/// the queue is full an event is dropped and counted (<see cref="EventLogOverflow.Drop"/>, live runs) or the producer
/// waits (<see cref="EventLogOverflow.Block"/>, offline runs). <see cref="Reopen"/> lets logrotate move the file away.
/// One producer thread at a time (events are built in one shared buffer); <see cref="Reopen"/>, the counters and
/// <see cref="Dispose"/> may be called from any thread.
/// </remarks>
public sealed class EventLog : IDisposable
{
    /// <summary>Events the queue holds before it drops or blocks: a burst of findings, not a backlog of hours.</summary>
    public const int DefaultQueueCapacity = 4096;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly EventLogOverflow _overflow;
    private readonly BlockingCollection<Entry>? _queue;
    private readonly Thread? _thread;
    private readonly Action<Exception>? _onWriteError;
    private readonly bool _ownsStream;
    private Stream _stream;
    private string? _path;
    private long _written;
    private long _dropped;
    private long _writeErrors;
    private bool _disposed;

    private EventLog(Stream stream, bool ownsStream, string? path, int queueCapacity, EventLogOverflow overflow, Action<Exception>? onWriteError)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _path = path;
        _overflow = overflow;
        _onWriteError = onWriteError;
        _writer = new Utf8JsonWriter(_line, WriterOptions);
        if (queueCapacity > 0)
        {
            _queue = new BlockingCollection<Entry>(queueCapacity);
            _thread = new Thread(WriteLoop) { IsBackground = true, Name = "knocksensor-events" };
            _thread.Start();
        }
    }

    /// <summary>Events written to the stream since the log was opened.</summary>
    public long EventsWritten => Interlocked.Read(ref _written);

    /// <summary>Events dropped because the queue was full (only with <see cref="EventLogOverflow.Drop"/>).</summary>
    public long EventsDropped => Interlocked.Read(ref _dropped);

    /// <summary>Events lost because the file could not be written (disk full, file gone).</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>The file written to, or null for standard output and caller-owned streams.</summary>
    public string? Path => Volatile.Read(ref _path);

    /// <summary>Opens <paramref name="path"/> for appending ("-" for standard output), with a writer thread.</summary>
    /// <param name="path">The file, or "-".</param>
    /// <param name="overflow">What a full queue does.</param>
    /// <param name="queueCapacity">Events the queue holds.</param>
    /// <param name="onWriteError">Told about each failed write (the caller rate-limits its logging); null to stay silent.</param>
    public static EventLog Open(string path, EventLogOverflow overflow = EventLogOverflow.Block, int queueCapacity = DefaultQueueCapacity, Action<Exception>? onWriteError = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        return path == "-"
            ? new EventLog(Console.OpenStandardOutput(), ownsStream: true, path: null, queueCapacity, overflow, onWriteError)
            : new EventLog(OpenFile(path), ownsStream: true, path, queueCapacity, overflow, onWriteError);
    }

    /// <summary>Writes synchronously to a caller-owned stream (tests, in-memory use).</summary>
    public static EventLog Create(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new EventLog(stream, ownsStream: false, path: null, queueCapacity: 0, EventLogOverflow.Block, onWriteError: null);
    }

    /// <summary>
    /// Starts an event: writes <c>{"timestamp":…,"event_type":…</c> and returns the writer for the remaining fields.
    /// Finish with <see cref="EndEvent"/>.
    /// </summary>
    public Utf8JsonWriter BeginEvent(long timestampNs, string eventType)
    {
        Span<char> buffer = stackalloc char[32];
        EventTimestamp.TryFormat(timestampNs, buffer, out var written);
        _writer.WriteStartObject();
        _writer.WriteString("timestamp"u8, buffer[..written]);
        _writer.WriteString("event_type"u8, eventType);
        return _writer;
    }

    /// <summary>Closes the event object and hands the line to the writer (or writes it, for a caller's stream).</summary>
    public void EndEvent()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        var line = new byte[_line.WrittenCount + 1];
        _line.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        _line.ResetWrittenCount();
        _writer.Reset();

        if (_queue is null)
        {
            WriteLine(line);
            return;
        }

        if (_overflow == EventLogOverflow.Drop)
        {
            if (!_queue.TryAdd(new Entry(line, null, null)))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
        else
        {
            _queue.Add(new Entry(line, null, null));
        }
    }

    /// <summary>Waits until every queued event is in the file, and flushes it.</summary>
    public void Flush()
    {
        if (_queue is null)
        {
            _stream.Flush();
            return;
        }

        using var done = new ManualResetEventSlim();
        _queue.Add(new Entry(null, done, null));
        done.Wait();
    }

    /// <summary>
    /// Closes the file and opens <paramref name="path"/> (or the same path again), after the events already queued:
    /// logrotate's postrotate and a config reload call this. Standard output is left as it is.
    /// </summary>
    /// <returns>False when the log is not a file (nothing to reopen).</returns>
    public bool Reopen(string? path = null)
    {
        if (_queue is null || Path is null)
        {
            return false;
        }

        using var done = new ManualResetEventSlim();
        _queue.Add(new Entry(null, done, path ?? Path));
        done.Wait();
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_queue is not null)
        {
            _queue.CompleteAdding();
            _thread!.Join();
            _queue.Dispose();
        }

        _writer.Dispose();
        try
        {
            _stream.Flush();
        }
        catch (IOException e)
        {
            ReportError(e);
        }

        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);

    private void WriteLoop()
    {
        foreach (var entry in _queue!.GetConsumingEnumerable())
        {
            if (entry.Line is not null)
            {
                WriteLine(entry.Line);

                // Batches under load, but an event on its own reaches the file at once (operators tail it).
                if (_queue.Count == 0)
                {
                    FlushStream();
                }

                continue;
            }

            if (entry.ReopenPath is not null)
            {
                ReopenNow(entry.ReopenPath);
            }
            else
            {
                FlushStream();
            }

            entry.Done!.Set();
        }
    }

    private void FlushStream()
    {
        try
        {
            _stream.Flush();
        }
        catch (IOException e)
        {
            ReportError(e);
        }
    }

    private void WriteLine(byte[] line)
    {
        try
        {
            _stream.Write(line);
            Interlocked.Increment(ref _written);
        }
        catch (IOException e)
        {
            ReportError(e);
        }
    }

    private void ReopenNow(string path)
    {
        try
        {
            var next = OpenFile(path);
            try
            {
                _stream.Flush();
            }
            catch (IOException e)
            {
                ReportError(e);
            }

            _stream.Dispose();
            _stream = next;
            Volatile.Write(ref _path, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep writing where we were: losing the log is worse than writing to the old file a little longer.
            _onWriteError?.Invoke(e);
        }
    }

    private void ReportError(IOException e)
    {
        Interlocked.Increment(ref _writeErrors);
        _onWriteError?.Invoke(e);
    }

    /// <summary>A queued line, or a control request (flush, reopen) with the event its caller waits on.</summary>
    private sealed record Entry(byte[]? Line, ManualResetEventSlim? Done, string? ReopenPath);
}
