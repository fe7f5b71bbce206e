using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

/// <summary>
/// The AF_PACKET ABI from <c>linux/if_packet.h</c> and <c>linux/filter.h</c>: constants and blittable mirrors of the
/// kernel structs. Unions are flattened to the one member the TPACKET_V3 receive path uses. Every offset and size is
/// checked against the C headers by a test that compiles <c>static_assert</c>s (tests/.../Live/KernelStructLayoutTests).
/// </summary>
internal static partial class Interop
{
    internal static partial class Libc
    {
        public const int SolPacket = 263;
        public const int PacketAddMembership = 1;
        public const int PacketRxRing = 5;
        public const int PacketStatistics = 6;
        public const int PacketVersion = 10;
        public const int PacketFanout = 18;

        public const int TPacketV3 = 2;
        public const int PacketMrPromisc = 1;

        /// <summary>Fanout by the symmetric flow hash: both directions of a flow reach the same socket.</summary>
        public const int PacketFanoutHash = 0;

        /// <summary>All protocols, in network byte order for <c>sockaddr_ll.sll_protocol</c> (htons(ETH_P_ALL)).</summary>
        public const ushort EthPAllNetworkOrder = 0x0300;

        public const uint TpStatusKernel = 0;
        public const uint TpStatusUser = 1;
        public const uint TpStatusVlanValid = 1 << 4;

        /// <summary>TPACKET_ALIGNMENT: frame sizes are multiples of it.</summary>
        public const int TPacketAlignment = 16;
    }

    /// <summary><c>struct tpacket_req3</c>: the PACKET_RX_RING request for TPACKET_V3.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TPacketReq3
    {
        public uint BlockSize;
        public uint BlockCount;
        public uint FrameSize;
        public uint FrameCount;
        public uint RetireBlockTimeoutMs;
        public uint SizeOfPrivate;
        public uint FeatureRequestWord;
    }

    /// <summary><c>struct tpacket_block_desc</c> with its <c>tpacket_hdr_v1</c>: the head of each ring block.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TPacketBlockDescriptor
    {
        public uint Version;
        public uint OffsetToPrivate;

        /// <summary>TP_STATUS_KERNEL while the kernel fills the block, TP_STATUS_USER once it is ours to read.</summary>
        public uint BlockStatus;
        public uint PacketCount;
        public uint OffsetToFirstPacket;
        public uint BlockLength;
        public ulong SequenceNumber;
        public uint FirstPacketSeconds;
        public uint FirstPacketNanoseconds;
        public uint LastPacketSeconds;
        public uint LastPacketNanoseconds;
    }

    /// <summary><c>struct tpacket3_hdr</c> (with the <c>tpacket_hdr_variant1</c> union member): one frame in a block.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct TPacket3Header
    {
        public uint NextOffset;
        public uint Seconds;
        public uint Nanoseconds;
        public uint SnapLength;
        public uint Length;
        public uint Status;
        public ushort MacOffset;
        public ushort NetworkOffset;
        public uint RxHash;
        public uint VlanTci;
        public ushort VlanTpid;
        public ushort VariantPadding;
        public fixed byte Padding[8];
    }

    /// <summary><c>struct sockaddr_ll</c>: an AF_PACKET address (the interface to bind to).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockAddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int InterfaceIndex;
        public ushort HardwareType;
        public byte PacketType;
        public byte AddressLength;
        public fixed byte Address[8];
    }

    /// <summary><c>struct tpacket_stats_v3</c>: PACKET_STATISTICS for TPACKET_V3 (reset by every read).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TPacketStatsV3
    {
        /// <summary>Frames that reached the socket, dropped ones included.</summary>
        public uint Packets;
        public uint Drops;
        public uint FreezeQueueCount;
    }

    /// <summary><c>struct packet_mreq</c>: PACKET_ADD_MEMBERSHIP (promiscuous mode held by the socket).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PacketMreq
    {
        public int InterfaceIndex;
        public ushort Type;
        public ushort AddressLength;
        public fixed byte Address[8];
    }

    /// <summary><c>struct sock_filter</c>: one classic BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockFilter
    {
        public ushort Code;
        public byte JumpTrue;
        public byte JumpFalse;
        public uint K;
    }

    /// <summary><c>struct sock_fprog</c>: the SO_ATTACH_FILTER argument.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockFprog
    {
        public ushort Length;
        public SockFilter* Filter;
    }
}
