namespace KnockSensor.Capture.Live;

/// <summary>How the libpcap backend opens its handle.</summary>
public sealed record LibPcapOptions
{
    /// <summary>Bytes kept of each frame: enough for any header stack the decoder reads, and whole jumbo frames.</summary>
    public const int DefaultSnapLength = 65535;

    /// <summary>libpcap's ring size on Linux (pcap_set_buffer_size): 32 MiB, the same memory as one AF_PACKET worker.</summary>
    public const int DefaultBufferSize = 32 << 20;

    /// <summary>
    /// libpcap's packet-buffer timeout: on Linux the TPACKET_V3 block timeout, the longest a frame waits to be handed
    /// over (the same 10 ms as the AF_PACKET backend).
    /// </summary>
    public const int DefaultReadTimeoutMilliseconds = 10;

    public int SnapLength { get; init; } = DefaultSnapLength;

    public int BufferSize { get; init; } = DefaultBufferSize;

    public bool Promiscuous { get; init; } = true;

    /// <summary>
    /// Deliver each frame as it arrives (pcap_set_immediate_mode). Off: on Linux immediate mode makes libpcap fall back
    /// to TPACKET_V2 and wake the reader for every frame, which cost 4.2 µs of CPU per frame and lost a quarter of
    /// them at 112 kpps in bench/RESULTS.md; with the 10 ms timeout a frame waits at most that long.
    /// </summary>
    public bool Immediate { get; init; }

    public int ReadTimeoutMilliseconds { get; init; } = DefaultReadTimeoutMilliseconds;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values libpcap would refuse.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapLength, 64, nameof(SnapLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 1 << 16, nameof(BufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadTimeoutMilliseconds, 1, nameof(ReadTimeoutMilliseconds));
    }
}
