using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// Merges the capture threads' queues into one stream in timestamp order (a k-way merge), so the single-threaded
/// stages see what one thread would have seen. An event is released only when no other worker can still queue an
/// earlier one: each other worker has a queued event that is not earlier, or a watermark at or past it.
/// </summary>
/// <remarks>
/// Ties go to the lower worker index. An event that arrives stamped before one already released (a worker whose own
/// frames were out of order, which the kernel does not promise against across CPUs) is still passed on, and counted
/// in <see cref="LateEvents"/>. Single owner: the merging thread.
/// </remarks>
public sealed class PortEventMerger
{
    private readonly CaptureWorker[] _workers;
    private readonly long[] _lastReleased;
    private readonly PortEvent[] _staged = new PortEvent[StagedRun];
    private int _stagedCount;
    private long _lastTimestampNs = long.MinValue;

    // Events merged from several workers are handed on in runs of this many (16 KiB: they stay in L1 for the stage).
    private const int StagedRun = 256;

    public PortEventMerger(IReadOnlyList<CaptureWorker> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        _workers = [.. workers];
        _lastReleased = new long[_workers.Length];
        Array.Fill(_lastReleased, long.MinValue);
    }

    /// <summary>Events passed to the stage.</summary>
    public long Released { get; private set; }

    /// <summary>Events stamped earlier than an event already released.</summary>
    public long LateEvents { get; private set; }

    /// <summary>
    /// Releases to <paramref name="stage"/> every event that can be released now, up to <paramref name="max"/>;
    /// returns how many were.
    /// </summary>
    public int Drain(IPortEventSink stage, int max)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (_workers.Length == 1)
        {
            return DrainOne(stage, max);
        }

        var released = 0;
        while (released < max && TryReleaseOne(stage))
        {
            released++;
        }

        FlushStaged(stage);
        return released;
    }

    /// <summary>
    /// One worker: nothing to merge, so its queue goes to the stage in runs, straight from the ring (no copy), and
    /// the stage can fetch its table entries ahead (<see cref="IPortEventSink.AddBatch"/>).
    /// </summary>
    private int DrainOne(IPortEventSink stage, int max)
    {
        var queue = _workers[0].Queue;
        var released = 0;
        while (released < max)
        {
            var run = queue.PeekRun(max - released);
            if (run.IsEmpty)
            {
                break;
            }

            foreach (ref readonly var portEvent in run)
            {
                CountOrder(portEvent.TimestampNs);
            }

            _lastReleased[0] = run[^1].TimestampNs;
            stage.AddBatch(run);
            queue.Advance(run.Length);
            released += run.Length;
            Released += run.Length;
        }

        return released;
    }

    /// <summary>True once every worker has finished and every queue is empty.</summary>
    public bool IsComplete
    {
        get
        {
            foreach (var worker in _workers)
            {
                if (!worker.IsFinished || worker.Queue.TryPeek(out _))
                {
                    return false;
                }
            }

            return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReleaseOne(IPortEventSink stage)
    {
        if (_workers.Length == 1)
        {
            return TryRelease(0, stage);
        }

        var best = -1;
        var bestTimestamp = long.MaxValue;
        for (var i = 0; i < _workers.Length; i++)
        {
            if (_workers[i].Queue.TryPeek(out var timestamp) && (best < 0 || timestamp < bestTimestamp))
            {
                best = i;
                bestTimestamp = timestamp;
            }
        }

        if (best < 0)
        {
            return false;
        }

        for (var j = 0; j < _workers.Length; j++)
        {
            if (j != best && !MayPrecede(j, best, bestTimestamp))
            {
                return false;
            }
        }

        return TryRelease(best, stage);
    }

    /// <summary>True when worker <paramref name="j"/> can no longer queue anything that should come before the candidate.</summary>
    private bool MayPrecede(int j, int best, long candidate)
    {
        // Watermark first (acquire), queue second: a watermark seen covers every event queued before it was written.
        var watermark = _workers[j].Watermark;
        if (_workers[j].Queue.TryPeek(out var queued))
        {
            return queued > candidate || (queued == candidate && j > best);
        }

        var bound = Math.Max(watermark, _lastReleased[j]);
        return bound > candidate || (bound == candidate && j > best);
    }

    private bool TryRelease(int index, IPortEventSink stage)
    {
        var queue = _workers[index].Queue;
        if (!queue.TryPeek(out var timestamp))
        {
            return false;
        }

        CountOrder(timestamp);
        _lastReleased[index] = timestamp;

        // Merged events are copied into a run of their own, so the stage still takes them in runs.
        _staged[_stagedCount++] = queue.Head;
        queue.Advance();
        Released++;
        if (_stagedCount == _staged.Length)
        {
            FlushStaged(stage);
        }

        return true;
    }

    private void FlushStaged(IPortEventSink stage)
    {
        if (_stagedCount > 0)
        {
            stage.AddBatch(_staged.AsSpan(0, _stagedCount));
            _stagedCount = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountOrder(long timestamp)
    {
        if (timestamp < _lastTimestampNs)
        {
            LateEvents++;
        }
        else
        {
            _lastTimestampNs = timestamp;
        }
    }
}
