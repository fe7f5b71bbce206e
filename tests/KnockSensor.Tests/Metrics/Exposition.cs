using System.Globalization;
using System.Text;
using Prometheus;

namespace KnockSensor.Tests.Metrics;

/// <summary>A registry's text exposition, parsed into series the way a scraper sees them.</summary>
internal static class Exposition
{
    /// <summary>Every sample line, as "name{labels}" → value (labels exactly as exposed).</summary>
    public static Dictionary<string, double> Scrape(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }

    /// <summary>The series of one metric name.</summary>
    public static Dictionary<string, double> Series(Dictionary<string, double> samples, string name) =>
        samples.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}
