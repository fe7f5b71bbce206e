using BenchmarkDotNet.Attributes;
using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.Generator;
using KnockSensor.Quiescent;

namespace KnockSensor.Benchmarks.Quiescent;

/// <summary>
/// The quiescent-port monitor's per-packet path on throughput-like traffic: the first 2²⁰ decoded events of the
/// generator's <c>throughput</c> profile (about 460,000 new flows to tens of thousands of ports, eight minutes of
/// packet time), counted by one monitor (hourly bins, default 16 MiB flow table) one by one with
/// <see cref="QuiescentMonitor.Add"/> or in the offline pipeline's runs of 4,096 with
/// <see cref="QuiescentMonitor.AddBatch"/>. Reported per event.
/// </summary>
/// <remarks>
/// Steady state, not a cold start: every iteration replays the events an hour later than the last, with source ports
/// moved on by one so all its flows are new again. The setup closes the previous bin (<see cref="QuiescentMonitor.AdvanceTo"/>),
/// so the measurement holds no bin close and the monitor's tables are already in memory: a fresh monitor per
/// iteration would also time the kernel mapping tens of MiB of zeroed pages on first touch, which an offline run pays
/// once, not per million packets.
/// </remarks>
public class QuiescentMonitorBenchmarks
{
    /// <summary>Events per invocation (a constant: <c>OperationsPerInvoke</c> needs one).</summary>
    public const int Events = 1 << 20;

    /// <summary>The offline pipeline's batch size (StagePipeline.BatchSize).</summary>
    private const int BatchSize = 4096;

    private const long HourNs = 3_600_000_000_000;

    private PortEvent[] _original = [];
    private PortEvent[] _events = [];
    private QuiescentMonitor _monitor = null!;
    private int _replay;

    [GlobalSetup]
    public void Setup()
    {
        // ~112 B per frame on average, and a few frames are not IP: 160 MiB gives a little over 2²⁰ IP events.
        using var capture = new MemoryStream();
        TrafficGenerator.Generate(GeneratorProfile.Throughput, seed: 1, sizeMb: 160, capture);
        capture.Position = 0;
        using var reader = CaptureFileReader.Open(capture, "throughput.pcap");
        var collector = new Collector(new List<PortEvent>(Events + 1));
        reader.ReadAll(ref collector);
        if (collector.Events.Count < Events)
        {
            throw new InvalidOperationException($"only {collector.Events.Count} events decoded, {Events} needed");
        }

        _original = [.. collector.Events.GetRange(0, Events)];
        _events = new PortEvent[Events];
        _monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 3600 });
    }

    [IterationSetup]
    public void NextHour()
    {
        var shift = _replay * HourNs;
        for (var i = 0; i < _events.Length; i++)
        {
            _events[i] = _original[i];
            _events[i].TimestampNs += shift;
            _events[i].SourcePort = (ushort)(_original[i].SourcePort + _replay);
        }

        _monitor.AdvanceTo(_events[0].TimestampNs);
        _replay++;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long AddOneByOne()
    {
        var monitor = _monitor;
        foreach (ref readonly var portEvent in _events.AsSpan())
        {
            monitor.Add(portEvent);
        }

        return monitor.Packets;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long AddBatch()
    {
        var monitor = _monitor;
        var events = _events.AsSpan();
        for (var start = 0; start < events.Length; start += BatchSize)
        {
            monitor.AddBatch(events.Slice(start, Math.Min(BatchSize, events.Length - start)));
        }

        return monitor.Packets;
    }

    /// <summary>Keeps what the offline pipeline hands the monitor: transport events and other IP protocols.</summary>
    private readonly struct Collector(List<PortEvent> events) : IFrameSink
    {
        public List<PortEvent> Events { get; } = events;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
        {
            var status = FrameDecoder.Decode(frame, info, out var portEvent, out _);
            if (status is DecodeStatus.Transport or DecodeStatus.OtherIpProtocol)
            {
                Events.Add(portEvent);
            }
        }
    }
}
