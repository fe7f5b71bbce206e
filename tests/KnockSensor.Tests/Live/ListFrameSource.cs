using KnockSensor.Capture;
using KnockSensor.Capture.Live;

namespace KnockSensor.Tests.Live;

/// <summary>
/// A live source over frames held in memory, handed out in uneven batches (seeded), as a fanout member receives them.
/// Calls <paramref name="onExhausted"/> once, when its last frame has been delivered.
/// </summary>
internal sealed class ListFrameSource(string name, LinkType linkType, IReadOnlyList<(FrameInfo Info, byte[] Bytes)> frames, int seed, Action onExhausted) : ILiveCaptureSource
{
    private readonly Random _random = new(seed);
    private int _next;
    private bool _reported;

    public string InterfaceName => name;

    public LinkType LinkType => linkType;

    public bool Disposed { get; private set; }

    public int Dispatch<TSink>(ref TSink sink, int timeoutMilliseconds)
        where TSink : struct, IFrameSink
    {
        if (_next == frames.Count)
        {
            if (!_reported)
            {
                _reported = true;
                onExhausted();
            }

            Thread.Sleep(1);
            return 0;
        }

        // Uneven batches and the odd pause make the threads interleave differently on every run.
        if (_random.Next(8) == 0)
        {
            Thread.Sleep(_random.Next(2));
        }

        var batch = Math.Min(frames.Count - _next, 1 + _random.Next(300));
        for (var i = 0; i < batch; i++, _next++)
        {
            var (info, bytes) = frames[_next];
            sink.OnFrame(info, bytes);
        }

        return batch;
    }

    public CaptureStatistics UpdateStatistics() => new(_next, 0, 0);

    public void Dispose() => Disposed = true;
}
