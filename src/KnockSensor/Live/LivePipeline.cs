using KnockSensor.Capture.Live;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// Capture threads (one per source) feeding one merging thread: the calling thread of <see cref="Run"/>, which
/// releases port events to the stages in timestamp order until the stop signal and the final drain.
/// </summary>
public sealed class LivePipeline
{
    /// <summary>Events released per merge pass before the loop looks at the stop signal again.</summary>
    private const int ReleaseBatch = 4096;

    /// <summary>
    /// Empty merge passes spent spinning before the merging thread sleeps: a few, since capture threads hand over whole
    /// blocks and signal. 50 passes of 64 pauses more than doubled the user CPU per packet of one AF_PACKET thread
    /// (0.71 s against 0.33 s for 1.64 M packets in bench/live/run.sh).
    /// </summary>
    private const int IdleSpins = 4;

    /// <summary>Longest merger sleep without a signal (a safety net; capture threads signal after every read).</summary>
    private const int MaxSleepMilliseconds = 200;

    /// <summary>How often <see cref="Housekeeping"/> runs: often enough for a 15 s scrape interval, rare enough to cost nothing.</summary>
    public const int HousekeepingIntervalMilliseconds = 1000;

    private readonly IPortEventSink _stage;
    private readonly MergerWakeup _wakeup = new();
    private readonly Func<bool> _lastLook;
    private readonly Func<long> _clockNs;

    /// <param name="sources">One per capture thread; each is disposed by its thread when it ends.</param>
    /// <param name="stage">The stages after decode.</param>
    /// <param name="stop">Stops the pipeline when raised.</param>
    /// <param name="queueCapacity">Per-thread queue to the merging thread.</param>
    /// <param name="waitMilliseconds">How long a capture read waits for frames (bounds the reaction to a stop).</param>
    /// <param name="drainMilliseconds">How long the final drain waits for the kernel's last block.</param>
    /// <param name="idleLagNs">How far behind the clock an idle thread's watermark stays.</param>
    /// <param name="clockNs">The wall clock, ns since the epoch; injectable for tests.</param>
    /// <param name="forwardOtherIpProtocols">Hand the stages packets of IP protocols without ports too (the quiescent-port monitor's bins).</param>
    public LivePipeline(IReadOnlyList<ILiveCaptureSource> sources, IPortEventSink stage, LiveStopSignal stop, int queueCapacity, int waitMilliseconds, int drainMilliseconds, long idleLagNs, Func<long> clockNs, bool forwardOtherIpProtocols = false)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(stop);
        _stage = stage;
        _clockNs = clockNs;
        Stop = stop;
        var workers = new CaptureWorker[sources.Count];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new CaptureWorker(sources[i], i, queueCapacity, waitMilliseconds, drainMilliseconds, idleLagNs, clockNs, stop, _wakeup, forwardOtherIpProtocols);
        }

        Workers = workers;
        Merger = new PortEventMerger(workers);
        _lastLook = () => Merger.Drain(_stage, ReleaseBatch) > 0 || Merger.IsComplete;
    }

    public IReadOnlyList<CaptureWorker> Workers { get; }

    public PortEventMerger Merger { get; }

    public LiveStopSignal Stop { get; }

    /// <summary>Periodic work on the merging thread (metrics, snapshots), in order; set before <see cref="Run"/>.</summary>
    public IReadOnlyList<ILiveHousekeeping> Housekeeping { get; init; } = [];

    /// <summary>Wall clock in ns since the epoch, as the kernel stamps frames.</summary>
    public static long UtcNowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Starts the capture threads and merges on this thread until every thread has drained; then flushes the stages.</summary>
    public void Run()
    {
        foreach (var worker in Workers)
        {
            worker.Start();
        }

        var idlePasses = 0;
        var nextHousekeeping = Environment.TickCount64 + HousekeepingIntervalMilliseconds;
        while (true)
        {
            if (Housekeeping.Count > 0 && Environment.TickCount64 >= nextHousekeeping)
            {
                nextHousekeeping = Environment.TickCount64 + HousekeepingIntervalMilliseconds;
                var now = _clockNs();
                foreach (var work in Housekeeping)
                {
                    work.Tick(now);
                }
            }

            if (Merger.Drain(_stage, ReleaseBatch) > 0)
            {
                idlePasses = 0;
                continue;
            }

            if (Merger.IsComplete)
            {
                break;
            }

            // Nothing releasable: spin briefly (the next batch is usually microseconds away under load), then sleep
            // until a capture thread has queued events or moved its watermark, so an idle sensor costs no CPU.
            if (++idlePasses < IdleSpins)
            {
                Thread.SpinWait(16);
            }
            else
            {
                _wakeup.Sleep(_lastLook, MaxSleepMilliseconds);
                idlePasses = 0;
            }
        }

        _wakeup.Dispose();

        _stage.Flush();
        foreach (var work in Housekeeping)
        {
            work.Complete(_clockNs());
        }
    }

    /// <summary>The threads' decode totals added up: exact after <see cref="Run"/>, a few frames behind while it runs.</summary>
    public DecodeCounters MergedCounters()
    {
        var total = new DecodeCounters();
        foreach (var worker in Workers)
        {
            total.Add(worker.Counters);
        }

        return total;
    }

    /// <summary>The kernel's totals over all threads (valid after <see cref="Run"/>).</summary>
    public CaptureStatistics MergedStatistics()
    {
        var total = default(CaptureStatistics);
        foreach (var worker in Workers)
        {
            total += worker.Statistics;
        }

        return total;
    }

    /// <summary>Frames per outer VLAN id over all threads, ids with none left out (valid after <see cref="Run"/>).</summary>
    public IReadOnlyList<(int VlanId, long Frames)> VlanFrames()
    {
        var list = new List<(int, long)>();
        for (var id = 0; id < 4096; id++)
        {
            long frames = 0;
            foreach (var worker in Workers)
            {
                frames += worker.VlanFrames[id];
            }

            if (frames != 0)
            {
                list.Add((id, frames));
            }
        }

        return list;
    }
}
