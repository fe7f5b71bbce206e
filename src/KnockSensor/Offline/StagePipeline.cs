using System.Runtime.ExceptionServices;
using KnockSensor.Decode;

namespace KnockSensor.Offline;

/// <summary>
/// Hands an offline run's decoded port events to its stages (the knock detector, the quiescent-port monitor) in runs
/// (<see cref="IPortEventSink.AddBatch"/>, where the stages fetch their table entries ahead): on the reading thread,
/// or, when <see cref="Threaded"/>, on one thread per stage, so reading and decoding overlap the detectors' work.
/// </summary>
/// <remarks>
/// <para>
/// On the reading thread, the decoder writes into one batch of <see cref="InlineBatchSize"/> events (small enough to
/// stay in L1 until the stages read it back), handed to the stages whenever it is full and at the end.
/// </para>
/// <para>
/// Threaded, the reading thread decodes into batches of <see cref="BatchSize"/>; every stage thread sees every
/// batch, in order, and a batch goes back to the pool once all have. Each stage still sees exactly the events, in
/// exactly the order, that it sees inline (tested), so the results do not depend on the mode. A full pool makes the
/// reader wait: memory stays at <see cref="BatchesInFlight"/> batches, and a slow stage slows the run instead of
/// dropping anything (an offline run must not lose events; live capture has its own queues).
/// </para>
/// <para>
/// Hand-offs take a lock once per batch, not per event, and nothing is allocated after construction. A stage that
/// throws ends its thread; the reader's next hand-off and <see cref="Complete"/> rethrow the exception, so the run
/// fails loudly instead of hanging or going on without the stage.
/// </para>
/// </remarks>
public sealed class StagePipeline : IDisposable
{
    /// <summary>Events per batch: 4,096 × 64 B, a quarter of a MiB, so a batch is still in cache when a stage reads it.</summary>
    public const int BatchSize = 4096;

    /// <summary>Batches the pipeline owns; the reader waits when all are queued or being read.</summary>
    public const int BatchesInFlight = 8;

    /// <summary>Events per batch on the reading thread: 256 × 64 B, 16 KiB.</summary>
    public const int InlineBatchSize = 256;

    private readonly IPortEventSink? _knocks;
    private readonly IPortEventSink? _quiescent;
    private readonly StageThread[] _threads;
    private readonly Stack<Batch> _free = new(BatchesInFlight);
    private Batch? _filling;
    private bool _completed;

    /// <param name="knocks">The stage fed with transport events (TCP, UDP, ICMP, ICMPv6), or null.</param>
    /// <param name="quiescent">The stage fed with transport events and other IP protocols' packets, or null.</param>
    /// <param name="threaded">Run each stage on a thread of its own.</param>
    public StagePipeline(IPortEventSink? knocks, IPortEventSink? quiescent, bool threaded)
    {
        _knocks = knocks;
        _quiescent = quiescent;
        Threaded = threaded && (knocks is not null || quiescent is not null);
        if (!Threaded)
        {
            _threads = [];
            _filling = new Batch(InlineBatchSize);
            return;
        }

        for (var i = 0; i < BatchesInFlight; i++)
        {
            _free.Push(new Batch(BatchSize));
        }

        List<StageThread> threads = [];
        if (knocks is not null)
        {
            threads.Add(new StageThread(this, knocks, transportOnly: true, "knocksensor-knocks"));
        }

        if (quiescent is not null)
        {
            threads.Add(new StageThread(this, quiescent, transportOnly: false, "knocksensor-quiescent"));
        }

        _threads = [.. threads];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>True when the stages run on threads of their own.</summary>
    public bool Threaded { get; }

    /// <summary>
    /// The default mode: threaded when the machine has more than one core. On this project's 2-vCPU test machine, with
    /// the 1 GiB throughput capture (bench/RESULTS.md), threads make the run with the quiescent monitor about 1.5 times
    /// faster (1.81 s against 2.74 s) and the knock detector alone no faster (1.04 s against 1.01 s, using 1.44 CPUs):
    /// there the reader is most of the work.
    /// </summary>
    public static bool ThreadedByDefault => Environment.ProcessorCount > 1;

    /// <summary>A TCP, UDP, ICMP or ICMPv6 packet (<see cref="DecodeStatus.Transport"/>): for every stage.</summary>
    public void OnTransport(in PortEvent portEvent)
    {
        Reserve() = portEvent;
        CommitTransport();
    }

    /// <summary>Another IP protocol's packet (<see cref="DecodeStatus.OtherIpProtocol"/>): only the quiescent monitor counts these.</summary>
    public void OnOtherIpProtocol(in PortEvent portEvent)
    {
        Reserve() = portEvent;
        CommitOtherIpProtocol();
    }

    /// <summary>
    /// Hands on the last partial batch and waits until every stage has read everything; rethrows a stage's
    /// exception. Afterwards the stages belong to the calling thread again (flush, report, snapshot).
    /// </summary>
    public void Complete()
    {
        if (!Threaded)
        {
            FeedInline();
            return;
        }

        if (_completed)
        {
            return;
        }

        if (_filling is { Count: > 0 } last)
        {
            _filling = null;
            Publish(last);
        }

        StopThreads();
        ThrowIfFailed();
    }

    /// <summary>Stops the stage threads (after <see cref="Complete"/>, or when the run is abandoned by an exception).</summary>
    public void Dispose()
    {
        if (Threaded)
        {
            StopThreads();
        }
    }

    /// <summary>Lets each stage thread finish the batches queued to it, then waits for it to end.</summary>
    private void StopThreads()
    {
        lock (_free)
        {
            _completed = true;
            Monitor.PulseAll(_free);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// The batch slot the next event may be decoded into, so the decoder writes it in place instead of into a copy;
    /// <see cref="CommitTransport"/> or <see cref="CommitOtherIpProtocol"/> hands it on, and anything else leaves the
    /// slot to be overwritten.
    /// </summary>
    public ref PortEvent Reserve()
    {
        var batch = _filling ??= Rent();
        return ref batch.Events[batch.Count];
    }

    /// <summary>Hands on the transport event decoded into the <see cref="Reserve"/>d slot.</summary>
    public void CommitTransport()
    {
        if (_knocks is not null || _quiescent is not null)
        {
            Commit();
        }
    }

    /// <summary>Hands on the other IP protocol's event decoded into the <see cref="Reserve"/>d slot (only the quiescent monitor takes it).</summary>
    public void CommitOtherIpProtocol()
    {
        if (_quiescent is not null)
        {
            Commit();
        }
    }

    private void Commit()
    {
        var batch = _filling!;
        if (++batch.Count < batch.Events.Length)
        {
            return;
        }

        if (Threaded)
        {
            _filling = null;
            Publish(batch);
        }
        else
        {
            FeedInline();
        }
    }

    /// <summary>On the reading thread: the stages take the batch, which is then empty for the next events.</summary>
    private void FeedInline()
    {
        var batch = _filling!;
        var events = batch.Events.AsSpan(0, batch.Count);
        if (events.IsEmpty)
        {
            return;
        }

        if (_knocks is not null)
        {
            Feed(_knocks, transportOnly: true, events);
        }

        if (_quiescent is not null)
        {
            Feed(_quiescent, transportOnly: false, events);
        }

        batch.Count = 0;
    }

    /// <summary>Hands a stage its events of a batch: all of them, or (the knock detector) the transport events only.</summary>
    private static void Feed(IPortEventSink stage, bool transportOnly, ReadOnlySpan<PortEvent> events)
    {
        if (transportOnly)
        {
            TransportRuns.AddTo(stage, events);
        }
        else
        {
            stage.AddBatch(events);
        }
    }

    private Batch Rent()
    {
        lock (_free)
        {
            while (_free.Count == 0)
            {
                ThrowIfFailed();
                Monitor.Wait(_free);
            }

            ThrowIfFailed();
            return _free.Pop();
        }
    }

    private void Publish(Batch batch)
    {
        batch.Readers = _threads.Length;
        lock (_free)
        {
            foreach (var thread in _threads)
            {
                thread.Queue.Enqueue(batch);
            }

            // One pulse wakes every waiting stage thread (and a waiting reader, which looks and waits again).
            Monitor.PulseAll(_free);
        }
    }

    private void Release(Batch batch)
    {
        if (Interlocked.Decrement(ref batch.Readers) != 0)
        {
            return;
        }

        lock (_free)
        {
            batch.Count = 0;
            _free.Push(batch);
            Monitor.PulseAll(_free);
        }
    }

    private void ThrowIfFailed()
    {
        foreach (var thread in _threads)
        {
            if (thread.Failure is { } failure)
            {
                throw new InvalidOperationException($"the {thread.Name} stage failed: {failure.SourceException.Message}", failure.SourceException);
            }
        }
    }

    private sealed class Batch(int size)
    {
        public readonly PortEvent[] Events = new PortEvent[size];
        public int Count;
        public int Readers;
    }

    /// <summary>One stage on its thread: takes batches in order, feeds the stage, releases them.</summary>
    private sealed class StageThread(StagePipeline pipeline, IPortEventSink stage, bool transportOnly, string name)
    {
        private readonly Thread _thread = new(static state => ((StageThread)state!).Run()) { Name = name, IsBackground = true };

        // Guarded by the pipeline's lock (its free stack).
        public Queue<Batch> Queue { get; } = new(BatchesInFlight);

        public string Name => name;

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Start() => _thread.Start(this);

        public void Join() => _thread.Join();

        private void Run()
        {
            while (Take() is { } batch)
            {
                try
                {
                    if (Failure is null)
                    {
                        Feed(stage, transportOnly, batch.Events.AsSpan(0, batch.Count));
                    }
                }
                catch (Exception exception)
                {
                    // Kept for the reader to rethrow; the batches still queued are released unread so it never waits forever.
                    Failure = ExceptionDispatchInfo.Capture(exception);
                    lock (pipeline._free)
                    {
                        Monitor.PulseAll(pipeline._free);
                    }
                }
                finally
                {
                    pipeline.Release(batch);
                }
            }
        }

        private Batch? Take()
        {
            lock (pipeline._free)
            {
                while (Queue.Count == 0)
                {
                    if (pipeline._completed)
                    {
                        return null;
                    }

                    Monitor.Wait(pipeline._free);
                }

                return Queue.Dequeue();
            }
        }
    }
}
