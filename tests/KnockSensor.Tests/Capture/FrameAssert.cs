namespace KnockSensor.Tests.Capture;

/// <summary>Compares frame lists field by field and names the first frame that differs.</summary>
internal static class FrameAssert
{
    /// <param name="expected">What the reader should have delivered.</param>
    /// <param name="actual">What it delivered.</param>
    /// <param name="compareInterface">False for oracles that do not know pcapng interface indexes (libpcap).</param>
    public static void Equal(IReadOnlyList<CapturedFrame> expected, IReadOnlyList<CapturedFrame> actual, bool compareInterface = true)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            var e = expected[i];
            var a = actual[i];
            var same = e.TimestampNs == a.TimestampNs
                && e.WireLength == a.WireLength
                && e.LinkType == a.LinkType
                && (!compareInterface || e.InterfaceIndex == a.InterfaceIndex)
                && e.Data.AsSpan().SequenceEqual(a.Data);
            Assert.True(same, $"frame {i} differs: expected {e}, actual {a}");
        }

        Assert.True(expected.Count == actual.Count, $"expected {expected.Count} frames, got {actual.Count}");
    }

    /// <summary>The frames delivered are exactly the first <paramref name="count"/> of <paramref name="all"/>.</summary>
    public static void Prefix(IReadOnlyList<CapturedFrame> all, int count, IReadOnlyList<CapturedFrame> actual) =>
        Equal([.. all.Take(count)], actual);
}
