namespace KnockSensor.Capture.Live;

/// <summary>How the libpcap backend opens its handle.</summary>
public sealed record LibPcapOptions
{
    /// <summary>Bytes kept of each frame: enough for any header stack the decoder reads, and whole jumbo frames.</summary>
    public const int DefaultSnapLength = 65535;

    /// <summary>libpcap's ring size on Linux (pcap_set_buffer_size): 32 MiB, the same memory as one AF_PACKET worker.</summary>
    public const int DefaultBufferSize = 32 << 20;

    /// <summary>How long a read waits for a frame before the capture thread looks at its stop flag.</summary>
    public const int DefaultReadTimeoutMilliseconds = 100;

    public int SnapLength { get; init; } = DefaultSnapLength;

    public int BufferSize { get; init; } = DefaultBufferSize;

    public bool Promiscuous { get; init; } = true;

    /// <summary>Deliver each frame as it arrives (pcap_set_immediate_mode) instead of when a buffer fills or times out.</summary>
    public bool Immediate { get; init; } = true;

    public int ReadTimeoutMilliseconds { get; init; } = DefaultReadTimeoutMilliseconds;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values libpcap would refuse.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapLength, 64, nameof(SnapLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 1 << 16, nameof(BufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadTimeoutMilliseconds, 1, nameof(ReadTimeoutMilliseconds));
    }
}
