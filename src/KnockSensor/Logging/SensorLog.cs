using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KnockSensor.Logging;

/// <summary>
/// Operator messages on standard error, at a level and in a format that can change while the sensor runs (a config
/// reload). Repeated errors of one kind are rate-limited (<see cref="WriteLimited"/>), as Zeek's weird.log and
/// Suricata's rate-limited logging do: a storm of bad packets must not become a storm of log lines. Thread-safe.
/// </summary>
public sealed class SensorLog
{
    /// <summary>Messages of one kind allowed per <see cref="LimitPeriod"/> before the rest are only counted.</summary>
    public const int LimitBurst = 5;

    public static readonly TimeSpan LimitPeriod = TimeSpan.FromMinutes(1);

    private readonly TextWriter _writer;
    private readonly Func<DateTime> _clock;
    private readonly Dictionary<string, LimitState> _limits = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private volatile LogLevel _level;
    private volatile LogFormat _format;

    public SensorLog(TextWriter writer, LogLevel level = LogLevel.Info, LogFormat format = LogFormat.Text, Func<DateTime>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _level = level;
        _format = format;
        _clock = clock ?? (static () => DateTime.UtcNow);
    }

    public LogLevel Level
    {
        get => _level;
        set => _level = value;
    }

    public LogFormat Format
    {
        get => _format;
        set => _format = value;
    }

    /// <summary>Messages not written because of the rate limit, over the whole run.</summary>
    public long Suppressed { get; private set; }

    public bool IsEnabled(LogLevel level) => level >= _level;

    public void Debug(string message, params ReadOnlySpan<(string Key, string Value)> fields) => Write(LogLevel.Debug, message, fields);

    public void Info(string message, params ReadOnlySpan<(string Key, string Value)> fields) => Write(LogLevel.Info, message, fields);

    public void Warn(string message, params ReadOnlySpan<(string Key, string Value)> fields) => Write(LogLevel.Warn, message, fields);

    public void Error(string message, params ReadOnlySpan<(string Key, string Value)> fields) => Write(LogLevel.Error, message, fields);

    public void Write(LogLevel level, string message, params ReadOnlySpan<(string Key, string Value)> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var line = FormatLine(level, message, fields, _format, _clock());
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>
    /// Writes a message of kind <paramref name="kind"/> unless <see cref="LimitBurst"/> of that kind were written in the
    /// last <see cref="LimitPeriod"/>; the first message after a quiet spell says how many were suppressed.
    /// </summary>
    /// <returns>Whether the message was written.</returns>
    public bool WriteLimited(string kind, LogLevel level, string message, params ReadOnlySpan<(string Key, string Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!IsEnabled(level))
        {
            return false;
        }

        long suppressedBefore;
        lock (_lock)
        {
            var now = _clock();
            if (!_limits.TryGetValue(kind, out var state) || now - state.PeriodStart >= LimitPeriod)
            {
                state = new LimitState(now, 0, state?.Suppressed ?? 0);
                _limits[kind] = state;
            }

            if (state.Written >= LimitBurst)
            {
                _limits[kind] = state with { Suppressed = state.Suppressed + 1 };
                Suppressed++;
                return false;
            }

            suppressedBefore = state.Suppressed;
            _limits[kind] = state with { Written = state.Written + 1, Suppressed = 0 };
        }

        if (suppressedBefore == 0)
        {
            Write(level, message, fields);
        }
        else
        {
            Span<(string, string)> all = new (string, string)[fields.Length + 1];
            fields.CopyTo(all);
            all[^1] = ("suppressed", suppressedBefore.ToString(CultureInfo.InvariantCulture));
            Write(level, message, all);
        }

        return true;
    }

    /// <summary>One line in <paramref name="format"/>, without the newline.</summary>
    public static string FormatLine(LogLevel level, string message, ReadOnlySpan<(string Key, string Value)> fields, LogFormat format, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(message);
        var levelName = level switch { LogLevel.Debug => "debug", LogLevel.Info => "info", LogLevel.Warn => "warn", _ => "error" };
        var timestamp = utcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        switch (format)
        {
            case LogFormat.Json:
                using (var buffer = new MemoryStream())
                {
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        json.WriteStartObject();
                        json.WriteString("ts"u8, timestamp);
                        json.WriteString("level"u8, levelName);
                        json.WriteString("msg"u8, message);
                        foreach (var (key, value) in fields)
                        {
                            json.WriteString(key, value);
                        }

                        json.WriteEndObject();
                    }

                    return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                }

            case LogFormat.Logfmt:
                var logfmt = new StringBuilder();
                logfmt.Append("ts=").Append(timestamp).Append(" level=").Append(levelName).Append(" msg=").Append(LogfmtValue(message));
                foreach (var (key, value) in fields)
                {
                    logfmt.Append(' ').Append(key).Append('=').Append(LogfmtValue(value));
                }

                return logfmt.ToString();
            default:
                var text = new StringBuilder("knocksensor: ");
                text.Append(levelName).Append(": ").Append(message);
                foreach (var (key, value) in fields)
                {
                    text.Append(' ').Append(key).Append('=').Append(LogfmtValue(value));
                }

                return text.ToString();
        }
    }

    /// <summary>A value as logfmt writes it: bare when it is one plain word, quoted with escapes otherwise.</summary>
    private static string LogfmtValue(string value)
    {
        var plain = value.Length > 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c is '"' or '=' or '\\' || c == '\u007f')
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                '\r' => quoted.Append("\\r"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private sealed record LimitState(DateTime PeriodStart, int Written, long Suppressed);
}
