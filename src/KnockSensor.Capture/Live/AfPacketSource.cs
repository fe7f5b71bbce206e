using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace KnockSensor.Capture.Live;

/// <summary>
/// A native AF_PACKET socket with a memory-mapped TPACKET_V3 receive ring. Frames are read in place, as spans over
/// the ring; nothing is copied or allocated per frame.
/// </summary>
/// <remarks>
/// Ownership of each block passes between the kernel and this reader through its <c>block_status</c> word: the kernel
/// fills a block, then publishes it by setting TP_STATUS_USER; the reader reads that word with acquire semantics
/// (<c>Volatile.Read</c>) before touching the frames, and hands the block back with a release store of
/// TP_STATUS_KERNEL after it is done with them, so neither side sees the other's half-written data. Single owner.
/// </remarks>
public sealed unsafe class AfPacketSource : ILiveCaptureSource
{
    private const int ArphrdEther = 1;
    private const int ArphrdLoopback = 772;
    private const int ArphrdNone = 65534;
    private const int SoError = 4;

    /// <summary>Blocks handed back per <see cref="Dispatch"/> at most, so the capture thread looks up now and then.</summary>
    private const int MaxBlocksPerDispatch = 64;

    private readonly PacketSocketHandle _socket;
    private readonly MappedRing _ring;
    private readonly byte* _base;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private int _currentBlock;
    private CaptureStatistics _totals;

    private AfPacketSource(string interfaceName, LinkType linkType, PacketSocketHandle socket, MappedRing ring, AfPacketOptions options)
    {
        InterfaceName = interfaceName;
        LinkType = linkType;
        _socket = socket;
        _ring = ring;
        _base = (byte*)ring.Address;
        _blockSize = options.BlockSize;
        _blockCount = options.BlockCount;
    }

    public string InterfaceName { get; }

    public LinkType LinkType { get; }

    /// <summary>
    /// Opens a socket on <paramref name="interfaceName"/>, attaches <paramref name="filter"/> (if any), maps its ring,
    /// then binds it, so that no frame from another interface or outside the filter ever enters the ring.
    /// </summary>
    public static AfPacketSource Open(string interfaceName, AfPacketOptions options, BpfFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // Protocol 0: the socket receives nothing until bind() names the interface and ETH_P_ALL.
        var fd = Interop.Libc.Socket(Interop.Libc.AfPacket, Interop.Libc.SockRaw | Interop.Libc.SockCloexec, 0);
        if (fd < 0)
        {
            throw LiveCaptureException.FromErrno("socket(AF_PACKET)", Interop.Errno.Last);
        }

        var socket = PacketSocketHandle.FromFd(fd);
        MappedRing? ring = null;
        try
        {
            var interfaceIndex = InterfaceIndex(interfaceName);
            SetOption(socket, Interop.Libc.SolPacket, Interop.Libc.PacketVersion, Interop.Libc.TPacketV3, "PACKET_VERSION TPACKET_V3");
            filter?.AttachTo(socket);

            var request = new Interop.TPacketReq3
            {
                BlockSize = (uint)options.BlockSize,
                BlockCount = (uint)options.BlockCount,
                FrameSize = (uint)options.FrameSize,
                FrameCount = (uint)(options.BlockSize / options.FrameSize * options.BlockCount),
                RetireBlockTimeoutMs = (uint)options.BlockTimeoutMilliseconds,
            };
            if (Interop.Libc.SetSockOpt(fd, Interop.Libc.SolPacket, Interop.Libc.PacketRxRing, &request, (uint)sizeof(Interop.TPacketReq3)) != 0)
            {
                throw LiveCaptureException.FromErrno($"PACKET_RX_RING ({options.BlockCount} blocks of {options.BlockSize} bytes)", Interop.Errno.Last);
            }

            ring = MappedRing.Map(socket, (nuint)options.BlockSize * (nuint)options.BlockCount);

            var address = new Interop.SockAddrLl
            {
                Family = Interop.Libc.AfPacket,
                Protocol = Interop.Libc.EthPAllNetworkOrder,
                InterfaceIndex = interfaceIndex,
            };
            if (Interop.Libc.Bind(fd, &address, (uint)sizeof(Interop.SockAddrLl)) != 0)
            {
                throw LiveCaptureException.FromErrno($"bind to {interfaceName}", Interop.Errno.Last);
            }

            if (options.Promiscuous)
            {
                var membership = new Interop.PacketMreq { InterfaceIndex = interfaceIndex, Type = Interop.Libc.PacketMrPromisc };
                if (Interop.Libc.SetSockOpt(fd, Interop.Libc.SolPacket, Interop.Libc.PacketAddMembership, &membership, (uint)sizeof(Interop.PacketMreq)) != 0)
                {
                    throw LiveCaptureException.FromErrno($"promiscuous mode on {interfaceName}", Interop.Errno.Last);
                }
            }

            if (options.FanoutGroup is { } group)
            {
                SetOption(socket, Interop.Libc.SolPacket, Interop.Libc.PacketFanout, group | (Interop.Libc.PacketFanoutHash << 16), $"PACKET_FANOUT group {group}");
            }

            return new AfPacketSource(interfaceName, ReadLinkType(interfaceName), socket, ring, options);
        }
        catch
        {
            ring?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Checks that this process may open AF_PACKET sockets (CAP_NET_RAW); throws the operator's one-line hint if not.</summary>
    public static void CheckPrivilege()
    {
        var fd = Interop.Libc.Socket(Interop.Libc.AfPacket, Interop.Libc.SockRaw | Interop.Libc.SockCloexec, 0);
        if (fd < 0)
        {
            throw LiveCaptureException.FromErrno("socket(AF_PACKET)", Interop.Errno.Last);
        }

        _ = Interop.Libc.Close(fd);
    }

    public int Dispatch<TSink>(ref TSink sink, int timeoutMilliseconds)
        where TSink : struct, IFrameSink
    {
        var block = Block(_currentBlock);
        if (!IsUserOwned(block))
        {
            if (timeoutMilliseconds == 0 || !WaitForData(timeoutMilliseconds) || !IsUserOwned(block))
            {
                return 0;
            }
        }

        var frames = 0;
        var blocks = 0;
        do
        {
            frames += ReadBlock(block, ref sink);

            // Release: our reads of the block happen before the kernel may refill it.
            Volatile.Write(ref block->BlockStatus, Interop.Libc.TpStatusKernel);
            _currentBlock = _currentBlock + 1 == _blockCount ? 0 : _currentBlock + 1;
            block = Block(_currentBlock);
        }
        while (++blocks < MaxBlocksPerDispatch && IsUserOwned(block));

        return frames;
    }

    /// <summary>Adds the kernel's counters since the last read (PACKET_STATISTICS resets on read) to the running totals.</summary>
    public CaptureStatistics UpdateStatistics()
    {
        Interop.TPacketStatsV3 stats;
        var length = (uint)sizeof(Interop.TPacketStatsV3);
        if (Interop.Libc.GetSockOpt(_socket.Fd, Interop.Libc.SolPacket, Interop.Libc.PacketStatistics, &stats, &length) != 0)
        {
            throw LiveCaptureException.FromErrno("PACKET_STATISTICS", Interop.Errno.Last);
        }

        _totals += new CaptureStatistics(stats.Packets, stats.Drops, 0);
        return _totals;
    }

    public void Dispose()
    {
        _ring.Dispose();
        _socket.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Interop.TPacketBlockDescriptor* Block(int index) => (Interop.TPacketBlockDescriptor*)(_base + ((nint)index * _blockSize));

    // Acquire: the frames of a block are read only after its status says the kernel has published them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUserOwned(Interop.TPacketBlockDescriptor* block) => (Volatile.Read(ref block->BlockStatus) & Interop.Libc.TpStatusUser) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadBlock<TSink>(Interop.TPacketBlockDescriptor* block, ref TSink sink)
        where TSink : struct, IFrameSink
    {
        var count = (int)block->PacketCount;
        var offset = block->OffsetToFirstPacket;
        var blockStart = (byte*)block;
        for (var i = 0; i < count; i++)
        {
            var header = (Interop.TPacket3Header*)(blockStart + offset);
            Debug.Assert(offset + header->MacOffset + header->SnapLength <= (uint)_blockSize, "frame runs past its block");
            var vlanTci = (header->Status & Interop.Libc.TpStatusVlanValid) != 0 ? (int)(header->VlanTci & 0xFFFF) : -1;
            var info = new FrameInfo(
                (header->Seconds * 1_000_000_000L) + header->Nanoseconds,
                (int)header->Length,
                LinkType,
                0,
                vlanTci);
            sink.OnFrame(info, new ReadOnlySpan<byte>((byte*)header + header->MacOffset, (int)header->SnapLength));
            offset += header->NextOffset;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitForData(int timeoutMilliseconds)
    {
        var poll = new Interop.PollFd { Fd = _socket.Fd, Events = Interop.Libc.PollIn | Interop.Libc.PollErr };
        var ready = Interop.Libc.Poll(&poll, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            var errno = Interop.Errno.Last;
            return errno.Code == Interop.Errno.Eintr ? false : throw LiveCaptureException.FromErrno("poll on the packet socket", errno);
        }

        if ((poll.Revents & Interop.Libc.PollNval) != 0)
        {
            throw new LiveCaptureException($"the packet socket on {InterfaceName} was closed under its reader");
        }

        if ((poll.Revents & Interop.Libc.PollErr) != 0)
        {
            // A pending socket error (ENETDOWN while the interface is down) is cleared by reading it; capture goes on
            // when the interface comes back, as tcpdump's does not but a sensor's should.
            int error;
            var length = (uint)sizeof(int);
            _ = Interop.Libc.GetSockOpt(_socket.Fd, Interop.Libc.SolSocket, SoError, &error, &length);
            Thread.Sleep(Math.Min(timeoutMilliseconds, 100));
            return false;
        }

        return ready > 0;
    }

    private static int InterfaceIndex(string interfaceName)
    {
        var index = Interop.Libc.IfNameToIndex(interfaceName);
        return index != 0
            ? (int)index
            : throw new LiveCaptureException($"no network interface named '{interfaceName}' ({Interop.Errno.Last.Message})");
    }

    private static void SetOption(PacketSocketHandle socket, int level, int name, int value, string what)
    {
        if (Interop.Libc.SetSockOpt(socket.Fd, level, name, &value, sizeof(int)) != 0)
        {
            throw LiveCaptureException.FromErrno(what, Interop.Errno.Last);
        }
    }

    /// <summary>The interface's ARPHRD type (sysfs) as the link type of its frames.</summary>
    public static LinkType ReadLinkType(string interfaceName)
    {
        var path = Path.Combine("/sys/class/net", interfaceName, "type");
        var text = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hardwareType)
            ? FromHardwareType(hardwareType)
            : LinkType.Ethernet;
    }

    /// <summary>Ethernet-framed devices (loopback included) deliver Ethernet; ARPHRD_NONE (tun) delivers bare IP.</summary>
    internal static LinkType FromHardwareType(int hardwareType) => hardwareType switch
    {
        ArphrdEther or ArphrdLoopback => LinkType.Ethernet,
        ArphrdNone => LinkType.Raw,
        _ => (LinkType)(uint)(100_000 + hardwareType),
    };
}
