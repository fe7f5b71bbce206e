using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Output;
using KnockSensor.Quiescent;
using KnockSensor.Tests.Generator;

namespace KnockSensor.Tests.State;

/// <summary>
/// The generated day decoded once into port events, and the stages as the offline run builds them: the knock detector
/// with default options and the quiescent monitor with one-minute bins (so a day has 1,440 bins and leaves learning).
/// </summary>
internal static class StageTraffic
{
    private static readonly Lazy<DecodedEvent[]> LazyDay = new(() => Decode(GeneratedCaptures.Day.Bytes));

    /// <summary>Port events of the generated day (seed 7), in capture order.</summary>
    public static DecodedEvent[] Day => LazyDay.Value;

    public const int BinSeconds = 60;

    public static KnockDetector NewDetector(EventLog log, KnockDetectorOptions? options = null) => new(options ?? new KnockDetectorOptions(), new KnockEventWriter(log));

    public static QuiescentMonitor NewMonitor() => new(new QuiescentOptions { BinSeconds = BinSeconds });

    /// <summary>What the offline run's decoding sink does with one event.</summary>
    public static void Feed(in DecodedEvent decoded, KnockDetector detector, QuiescentMonitor? monitor)
    {
        if (decoded.ToDetector)
        {
            detector.Add(decoded.Event);
        }

        monitor?.Add(decoded.Event);
    }

    private static DecodedEvent[] Decode(byte[] capture)
    {
        using var reader = CaptureFileReader.Open(new MemoryStream(capture), "day.pcap");
        var sink = new CollectingSink([]);
        reader.ReadAll(ref sink);
        return [.. sink.Events];
    }

    private readonly struct CollectingSink(List<DecodedEvent> events) : IFrameSink
    {
        public List<DecodedEvent> Events { get; } = events;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
        {
            var status = FrameDecoder.Decode(frame, info, out var portEvent, out _);
            if (status is DecodeStatus.Transport or DecodeStatus.OtherIpProtocol)
            {
                Events.Add(new DecodedEvent(portEvent, status == DecodeStatus.Transport));
            }
        }
    }
}

/// <summary>One decoded port event; <see cref="ToDetector"/> when the knock detector gets it too (transport layer decoded).</summary>
internal readonly record struct DecodedEvent(PortEvent Event, bool ToDetector);
