namespace KnockSensor.Capture.Live;

/// <summary>The TPACKET_V3 ring of one AF_PACKET socket (one per capture thread).</summary>
public sealed record AfPacketOptions
{
    /// <summary>1 MiB blocks: a page multiple that the kernel can hand out, and large enough for any frame (GRO/TSO up to 64 KiB).</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>32 blocks: 32 MiB per thread, about 25 ms of a saturated 10 Gbit/s link or seconds of a quiet span port.</summary>
    public const int DefaultBlockCount = 32;

    /// <summary>Frame slot size; TPACKET_V3 packs frames by their real size, this only sizes the request.</summary>
    public const int DefaultFrameSize = 2048;

    /// <summary>A block that is not full is handed over after this long, so a quiet link is not delayed more than that.</summary>
    public const int DefaultBlockTimeoutMilliseconds = 10;

    public int BlockSize { get; init; } = DefaultBlockSize;

    public int BlockCount { get; init; } = DefaultBlockCount;

    public int FrameSize { get; init; } = DefaultFrameSize;

    public int BlockTimeoutMilliseconds { get; init; } = DefaultBlockTimeoutMilliseconds;

    /// <summary>Put the interface in promiscuous mode for as long as the socket is open (PACKET_ADD_MEMBERSHIP).</summary>
    public bool Promiscuous { get; init; } = true;

    /// <summary>
    /// PACKET_FANOUT group id shared by the sockets of one run (the kernel spreads frames over them by flow hash),
    /// or null for a lone socket.
    /// </summary>
    public ushort? FanoutGroup { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a ring the kernel would refuse.</summary>
    public void Validate()
    {
        var page = Environment.SystemPageSize;
        if (BlockSize < page || BlockSize % page != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, $"The block size must be a positive multiple of the page size ({page} bytes).");
        }

        if (FrameSize < 128 || FrameSize % Interop.Libc.TPacketAlignment != 0 || FrameSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameSize), FrameSize, $"The frame size must be a multiple of {Interop.Libc.TPacketAlignment} between 128 and the block size.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BlockCount, 1, nameof(BlockCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)BlockSize * BlockCount, 1L << 32, "BlockSize * BlockCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockTimeoutMilliseconds, 1, nameof(BlockTimeoutMilliseconds));
    }
}
