using System.Text.Json;

namespace KnockSensor.Output;

/// <summary>
/// The NDJSON event log: one JSON object per line, EVE-style common fields first (<c>timestamp</c>, <c>event_type</c>),
/// then the type-specific object. Field order is fixed by the writers, so golden tests can diff the output.
/// </summary>
/// <remarks>Appends to an existing file (like Suricata's eve.json); "-" writes to standard output. Not thread-safe.</remarks>
public sealed class EventLog : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private readonly bool _ownsStream;

    private EventLog(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(stream, WriterOptions);
    }

    /// <summary>Events written since the log was opened.</summary>
    public long EventsWritten { get; private set; }

    /// <summary>Opens <paramref name="path"/> for appending ("-" for standard output).</summary>
    public static EventLog Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "-")
        {
            return new EventLog(Console.OpenStandardOutput(), ownsStream: true);
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        return new EventLog(stream, ownsStream: true);
    }

    /// <summary>Writes to a caller-owned stream (tests, in-memory use).</summary>
    public static EventLog Create(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new EventLog(stream, ownsStream: false);
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

    /// <summary>Closes the event object and ends its line.</summary>
    public void EndEvent()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _writer.Reset();
        EventsWritten++;
    }

    /// <summary>Pushes buffered events to the file.</summary>
    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
