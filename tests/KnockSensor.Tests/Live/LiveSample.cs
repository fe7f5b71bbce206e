using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using KnockSensor.Cli;

namespace KnockSensor.Tests.Live;

/// <summary>The embedded sample capture's frames in memory, timestamps made strictly increasing.</summary>
internal static class LiveSample
{
    public static IReadOnlyList<(FrameInfo Info, byte[] Bytes)> Frames { get; } = Read();

    private static List<(FrameInfo, byte[])> Read()
    {
        using var stream = typeof(CommandLine).Assembly.GetManifestResourceStream(CommandLine.SampleResourceName)!;
        using var reader = CaptureFileReader.Open(stream, CommandLine.SampleResourceName);
        var sink = new CollectingSink([]);
        reader.ReadAll(ref sink);

        // The sample's microsecond stamps hold one tie; nudge it by a nanosecond so the order is defined
        // (frames of different flows with equal stamps have no defined order even for one thread).
        var frames = sink.Frames;
        for (var i = 1; i < frames.Count; i++)
        {
            if (frames[i].Item1.TimestampNs <= frames[i - 1].Item1.TimestampNs)
            {
                frames[i] = (frames[i].Item1 with { TimestampNs = frames[i - 1].Item1.TimestampNs + 1 }, frames[i].Item2);
            }
        }

        return frames;
    }

    private readonly struct CollectingSink(List<(FrameInfo, byte[])> frames) : IFrameSink
    {
        public List<(FrameInfo, byte[])> Frames => frames;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame) => frames.Add((info, frame.ToArray()));
    }
}
