using KnockSensor.Capture;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// Deterministic frames for fixtures: sizes from minimum Ethernet to full MTU, random bytes (the readers never
/// look inside), strictly increasing timestamps with a nanosecond or whole-microsecond part.
/// </summary>
internal static class SampleFrames
{
    public const long StartNs = 1_700_000_000_123_456_789;

    public static List<CapturedFrame> Create(int count, int seed, LinkType linkType = LinkType.Ethernet, bool wholeMicroseconds = false, long startNs = StartNs, int interfaceIndex = 0)
    {
        var random = new Random(seed);
        var frames = new List<CapturedFrame>(count);
        var timestamp = wholeMicroseconds ? startNs / 1000 * 1000 : startNs;
        for (var i = 0; i < count; i++)
        {
            var length = (i % 10) switch
            {
                < 6 => random.Next(42, 80),
                < 9 => random.Next(80, 600),
                _ => random.Next(600, 1515),
            };
            var data = new byte[length];
            random.NextBytes(data);
            frames.Add(new CapturedFrame(timestamp, length, linkType, interfaceIndex, data));
            var step = random.Next(1, 3_000_000);
            timestamp += wholeMicroseconds ? step / 1000 * 1000 + 1000 : step;
        }

        return frames;
    }

    /// <summary>
    /// Many small frames cheaply: <paramref name="distinct"/> frames of 54..69 bytes, repeated with new timestamps
    /// (the byte arrays are shared), for files whose size matters more than their variety.
    /// </summary>
    public static List<CapturedFrame> Cycled(int count, int distinct, int seed)
    {
        var random = new Random(seed);
        var templates = new byte[distinct][];
        for (var i = 0; i < distinct; i++)
        {
            templates[i] = new byte[54 + (i % 16)];
            random.NextBytes(templates[i]);
        }

        var frames = new List<CapturedFrame>(count);
        for (var i = 0; i < count; i++)
        {
            var data = templates[i % distinct];
            frames.Add(new CapturedFrame((StartNs / 1000 * 1000) + (i * 1_001_000L), data.Length, LinkType.Ethernet, 0, data));
        }

        return frames;
    }

    /// <summary>The same frames as if captured with a snap length: wire lengths kept, bytes cut.</summary>
    public static List<CapturedFrame> Snapped(IEnumerable<CapturedFrame> frames, int snapLength) =>
        [.. frames.Select(f => f with { Data = f.Data.AsSpan(0, Math.Min(snapLength, f.Data.Length)).ToArray() })];
}
