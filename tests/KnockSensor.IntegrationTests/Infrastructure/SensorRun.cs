using System.Text.Json;

namespace KnockSensor.IntegrationTests.Infrastructure;

/// <summary>One run of the published binary, with its event log parsed.</summary>
public sealed class SensorRun
{
    private SensorRun(ProcessResult process, IReadOnlyList<JsonElement> events)
    {
        Process = process;
        Events = events;
    }

    public ProcessResult Process { get; }

    public IReadOnlyList<JsonElement> Events { get; }

    /// <summary>The <c>stats</c> object of the last event, which must be the stats event.</summary>
    public JsonElement Stats
    {
        get
        {
            Assert.NotEmpty(Events);
            var last = Events[^1];
            Assert.Equal("stats", last.GetProperty("event_type").GetString());
            return last.GetProperty("stats");
        }
    }

    public long Stat(string name) => Stats.GetProperty(name).GetInt64();

    /// <summary>Runs <c>knocksensor ARGS --events TMP --no-progress</c>.</summary>
    public static SensorRun Start(TempDirectory scratch, IEnumerable<string> arguments, string? standardInputFile = null)
    {
        var events = scratch.File("events-" + Guid.NewGuid().ToString("N") + ".json");
        var process = ProcessRunner.Run(Repository.SensorBinary, [.. arguments, "--events", events, "--no-progress"], standardInputFile);
        var parsed = new List<JsonElement>();
        if (File.Exists(events))
        {
            foreach (var line in File.ReadLines(events))
            {
                using var document = JsonDocument.Parse(line);
                parsed.Add(document.RootElement.Clone());
            }
        }

        return new SensorRun(process, parsed);
    }
}
