using System.Globalization;

namespace KnockSensor.Output;

/// <summary>The one timestamp format of the event log: ISO 8601, UTC, microseconds (EVE style).</summary>
public static class EventTimestamp
{
    /// <summary>Formats nanoseconds since the Unix epoch, e.g. <c>2023-11-14T22:13:20.005585Z</c>.</summary>
    public static string Format(long unixNanoseconds) =>
        DateTime.UnixEpoch.AddTicks(unixNanoseconds / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the same text as <see cref="Format"/> without allocating.</summary>
    public static bool TryFormat(long unixNanoseconds, Span<char> destination, out int charsWritten) =>
        DateTime.UnixEpoch.AddTicks(unixNanoseconds / 100).TryFormat(destination, out charsWritten, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
