using KnockSensor.Capture;

namespace KnockSensor.Tests.Capture;

/// <summary>One frame as a reader delivered it (or as a fixture put it in), with a copy of its captured bytes.</summary>
internal sealed record CapturedFrame(long TimestampNs, int WireLength, LinkType LinkType, int InterfaceIndex, byte[] Data)
{
    public int CapturedLength => Data.Length;

    public override string ToString() =>
        $"ts={TimestampNs} wire={WireLength} cap={CapturedLength} link={LinkType} if={InterfaceIndex}";
}

/// <summary>Keeps every frame it is handed; only for tests (it allocates per frame).</summary>
internal readonly struct RecordingSink(List<CapturedFrame> frames) : IFrameSink
{
    public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame) =>
        frames.Add(new CapturedFrame(info.TimestampNs, info.WireLength, info.LinkType, info.InterfaceIndex, frame.ToArray()));
}

/// <summary>Counts frames and bytes without allocating: the sink for allocation tests.</summary>
internal struct CountingSink : IFrameSink
{
    public long Frames;
    public long Bytes;
    public long TimestampSum;

    public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
    {
        Frames++;
        Bytes += frame.Length;
        TimestampSum += info.TimestampNs;
    }
}
