using KnockSensor.Capture.Live;

namespace KnockSensor.Live;

/// <summary>A live run as the command line asked for it, validated.</summary>
public sealed record LiveOptions
{
    /// <summary>Port events each capture thread may queue for the merging thread (64 Ki × 64 bytes = 4 MiB).</summary>
    public const int DefaultQueueCapacity = 1 << 16;

    public required string InterfaceName { get; init; }

    public CaptureBackend Backend { get; init; } = CaptureBackend.AfPacket;

    /// <summary>Capture threads (AF_PACKET fanout members); libpcap always uses one.</summary>
    public int Threads { get; init; } = DefaultThreads;

    /// <summary>tcpdump-syntax filter, or null for every frame.</summary>
    public string? Filter { get; init; }

    public AfPacketOptions AfPacket { get; init; } = new();

    public int QueueCapacity { get; init; } = DefaultQueueCapacity;

    /// <summary>Seconds between <c>stats</c> events while capturing (0: only the final one), as Suricata's stats interval.</summary>
    public int StatsIntervalSeconds { get; init; } = DefaultStatsIntervalSeconds;

    /// <summary>A minute: fine enough to see a rate change in the event log, coarse enough to stay out of the way.</summary>
    public const int DefaultStatsIntervalSeconds = 60;

    /// <summary>
    /// Test-only: the merging thread busy-waits this long per port event, to make the consumer deliberately slow so
    /// the drop accounting can be tested. 0 in any real run.
    /// </summary>
    public int ConsumerDelayMicroseconds { get; init; }

    /// <summary>One core for the merging thread and the stages, the rest capture; at least one.</summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>libpcap's buffer gets the memory one AF_PACKET ring would have, and the same block timeout.</summary>
    public LibPcapOptions LibPcap => new()
    {
        BufferSize = (int)Math.Min(int.MaxValue, (long)AfPacket.BlockSize * AfPacket.BlockCount),
        ReadTimeoutMilliseconds = AfPacket.BlockTimeoutMilliseconds,
    };
}
