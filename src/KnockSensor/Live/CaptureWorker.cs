using KnockSensor.Capture.Live;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// One capture thread: reads its <see cref="ILiveCaptureSource"/> (one AF_PACKET fanout member, or the libpcap
/// handle), decodes into its own counters, and queues port events to the merging thread with a watermark.
/// </summary>
/// <remarks>
/// The watermark is this worker's promise that every event it queues from now on is stamped at or after it. It rises
/// to the last frame's timestamp after each batch and, when the source was idle for a whole wait, to the clock minus
/// <see cref="IdleLagNs"/> (longer than a ring block can sit unfinished in the kernel). After the final drain it is
/// <see cref="long.MaxValue"/>. The merging thread reads it before it looks at the queue (acquire), and this thread
/// writes it after queueing (release), so a watermark it sees never runs ahead of events it cannot see yet.
/// </remarks>
public sealed class CaptureWorker
{
    /// <summary>How often the kernel's drop counters are read while running.</summary>
    private static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(1);

    private readonly ILiveCaptureSource _source;
    private readonly Func<long> _clockNs;
    private readonly int _waitMilliseconds;
    private readonly int _drainMilliseconds;
    private readonly Thread _thread;
    private readonly LiveStopSignal _stop;
    private readonly MergerWakeup? _wakeup;
    private long _watermark = long.MinValue;
    private readonly bool _forwardOtherIpProtocols;
    private int _finished;

    /// <param name="source">The source this worker alone reads; disposed when the worker ends.</param>
    /// <param name="index">Worker number, for the thread name.</param>
    /// <param name="queueCapacity">Port events the queue to the merging thread holds (a power of two).</param>
    /// <param name="waitMilliseconds">How long one read waits for frames before the worker looks at the stop signal.</param>
    /// <param name="drainMilliseconds">How long the final drain waits for the kernel to hand over a last unfinished block.</param>
    /// <param name="idleLagNs">See <see cref="IdleLagNs"/>.</param>
    /// <param name="clockNs">The wall clock in ns since the epoch (the kernel stamps frames with it); injectable for tests.</param>
    /// <param name="stop">Raised by the run to stop every worker; raised by a worker whose source fails.</param>
    /// <param name="wakeup">Woken after each batch, so the merging thread can sleep while there is nothing to do.</param>
    /// <param name="forwardOtherIpProtocols">Queue packets of IP protocols without ports too (for the quiescent-port monitor).</param>
    public CaptureWorker(ILiveCaptureSource source, int index, int queueCapacity, int waitMilliseconds, int drainMilliseconds, long idleLagNs, Func<long> clockNs, LiveStopSignal stop, MergerWakeup? wakeup = null, bool forwardOtherIpProtocols = false)
    {
        _forwardOtherIpProtocols = forwardOtherIpProtocols;
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clockNs);
        ArgumentNullException.ThrowIfNull(stop);
        _source = source;
        _clockNs = clockNs;
        _waitMilliseconds = waitMilliseconds;
        _drainMilliseconds = drainMilliseconds;
        _stop = stop;
        _wakeup = wakeup;
        IdleLagNs = idleLagNs;
        Queue = new PortEventRing(queueCapacity);
        _thread = new Thread(Run) { IsBackground = true, Name = $"knocksensor capture {index} ({source.InterfaceName})" };
    }

    public PortEventRing Queue { get; }

    /// <summary>This worker's decode totals; read them only after <see cref="IsFinished"/>.</summary>
    public DecodeCounters Counters { get; } = new();

    /// <summary>Frames per outer VLAN id (0–4095); read only after <see cref="IsFinished"/>.</summary>
    public long[] VlanFrames { get; } = new long[4096];

    /// <summary>The kernel's totals at the last read; final after <see cref="IsFinished"/>.</summary>
    public CaptureStatistics Statistics { get; private set; }

    /// <summary>How far behind the clock an idle worker's watermark stays.</summary>
    public long IdleLagNs { get; }

    /// <summary>The watermark (acquire read); see the remarks.</summary>
    public long Watermark => Volatile.Read(ref _watermark);

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    public string SourceName => _source.InterfaceName;

    public void Start() => _thread.Start();

    /// <summary>Waits for the thread to end (after the stop signal).</summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        try
        {
            Capture();
        }
        catch (LiveCaptureException e)
        {
            // An expected failure (the interface went away): stop the whole run, which reports it in one line.
            _stop.Fail(e.Message);
        }
        catch (Exception e)
        {
            // Anything else is a bug: never swallowed, never half-running. FailFast prints it and aborts the process.
            Environment.FailFast($"knocksensor: fatal: unexpected exception on capture thread '{_thread.Name}'", e);
        }
        finally
        {
            Volatile.Write(ref _watermark, long.MaxValue);
            Volatile.Write(ref _finished, 1);
            _wakeup?.Signal();
        }
    }

    private void Capture()
    {
        var sink = new CaptureWorkerSink(Counters, VlanFrames, Queue, _wakeup, _forwardOtherIpProtocols);
        var nextStatistics = DateTime.UtcNow + StatisticsInterval;
        while (!_stop.IsRaised)
        {
            var frames = _source.Dispatch(ref sink, _waitMilliseconds);
            Advance(frames);
            if (DateTime.UtcNow >= nextStatistics)
            {
                Statistics = _source.UpdateStatistics();
                nextStatistics = DateTime.UtcNow + StatisticsInterval;
            }
        }

        // Drain: what the kernel already holds, including the block it is still filling (it retires it on its timer).
        int drained;
        do
        {
            drained = _source.Dispatch(ref sink, _drainMilliseconds);
            Advance(drained);
        }
        while (drained > 0);

        Statistics = _source.UpdateStatistics();
        _source.Dispose();
    }

    private void Advance(int frames)
    {
        var watermark = frames > 0 ? Counters.LastTimestampNs : _clockNs() - IdleLagNs;
        if (watermark > _watermark)
        {
            Volatile.Write(ref _watermark, watermark);
        }

        _wakeup?.Signal();
    }
}
