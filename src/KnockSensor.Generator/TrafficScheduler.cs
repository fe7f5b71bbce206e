namespace KnockSensor.Generator;

/// <summary>
/// Merges every running process in time order and writes the packets they emit. Spawning stops at the end time
/// or once the byte target is reached; conversations already started then run to their end, so the ground truth
/// (recorded when a conversation starts) describes exactly what was written.
/// </summary>
internal sealed class TrafficScheduler
{
    private readonly PriorityQueue<TrafficProcess, (long TimestampNs, long Insertion)> _queue = new();
    private readonly long _endNs;
    private readonly long _targetBytes;
    private long _insertions;

    /// <param name="endNs">No new conversation starts at or after this time.</param>
    /// <param name="targetBytes">No new conversation starts once the file has this many bytes; 0 for no limit.</param>
    public TrafficScheduler(long endNs, long targetBytes)
    {
        _endNs = endNs;
        _targetBytes = targetBytes;
    }

    /// <summary>The time of the event being run.</summary>
    public long NowNs { get; private set; }

    public bool SpawningStopped { get; private set; }

    public TrafficTotals Totals { get; } = new();

    public void Add(TrafficProcess process)
    {
        if (process.NextTimestampNs < NowNs)
        {
            ThrowHelper.ThrowInvalidOperation("A process was scheduled in the past; frames would be out of order.");
        }

        // The insertion counter breaks ties, so equal timestamps always come out in the same order.
        _queue.Enqueue(process, (process.NextTimestampNs, _insertions++));
    }

    public void Run(PcapFileWriter writer)
    {
        while (_queue.TryDequeue(out TrafficProcess? process, out _))
        {
            NowNs = process.NextTimestampNs;
            if (!SpawningStopped && (NowNs >= _endNs || (_targetBytes > 0 && writer.BytesWritten >= _targetBytes)))
            {
                SpawningStopped = true;
            }

            if (process.Fire(this, out PacketSpec packet))
            {
                Span<byte> frame = writer.Reserve(FrameWriter.MaxFrameLength);
                int length = FrameWriter.Write(packet, frame);
                writer.Commit(packet.TimestampNs, length);
                Totals.Count(packet, length);
            }

            if (!process.IsFinished)
            {
                Add(process);
            }
        }
    }
}
