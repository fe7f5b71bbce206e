using BenchmarkDotNet.Attributes;
using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.Generator;
using KnockSensor.Knocks;

namespace KnockSensor.Benchmarks.Knocks;

/// <summary>
/// The whole knock detector (stages 3–5: classify, scanner sketch, episode table, windows, mining, host ties, knock
/// tracking) per decoded port event, on the generated 24-hour <c>day</c> capture (240,000 packets, four doors, scans):
/// one invocation is the whole day, so the per-window work (mining passes, rule tying) is included, amortised.
/// </summary>
public class KnockDetectorBenchmarks
{
    private PortEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        using var capture = new MemoryStream();
        TrafficGenerator.Generate(GeneratorProfile.Day, seed: 1, sizeMb: 0, capture);
        capture.Position = 0;
        using var reader = CaptureFileReader.Open(capture, "day.pcap");
        var collector = new Collector([]);
        reader.ReadAll(ref collector);
        _events = [.. collector.Events];
    }

    /// <summary>Events per invocation, for per-event figures: divide the mean by it.</summary>
    public int Events => _events.Length;

    [Benchmark(OperationsPerInvoke = 1)]
    public int DayThroughDetector()
    {
        var detector = new KnockDetector(new KnockDetectorOptions());
        foreach (ref readonly var portEvent in _events.AsSpan())
        {
            detector.Add(portEvent);
        }

        detector.Flush();
        return detector.Counters.Knocks;
    }

    private readonly struct Collector(List<PortEvent> events) : IFrameSink
    {
        public List<PortEvent> Events { get; } = events;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
        {
            if (FrameDecoder.Decode(frame, info, out var portEvent, out _) == DecodeStatus.Transport)
            {
                Events.Add(portEvent);
            }
        }
    }
}
