using System.Globalization;

namespace KnockSensor.Generator;

/// <summary>Formats capture times for the ground truth: RFC 3339 UTC with microseconds, culture-independent.</summary>
internal static class TruthTime
{
    public static string Format(long unixNs) =>
        DateTime.UnixEpoch.AddTicks(unixNs / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
