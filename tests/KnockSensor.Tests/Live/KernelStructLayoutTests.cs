using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using KnockSensor.Capture.Live;

namespace KnockSensor.Tests.Live;

/// <summary>
/// The C# mirrors of the kernel's AF_PACKET structs have the kernel's layout: a C program is generated with one
/// <c>static_assert</c> per field offset and struct size, taking the expected numbers from the C# layout
/// (<see cref="Marshal.OffsetOf"/>, <see cref="Marshal.SizeOf{T}()"/>), and compiled by gcc against the system's
/// linux/if_packet.h. It compiles only if every number matches.
/// </summary>
public sealed class KernelStructLayoutTests
{
    private static readonly (Type Type, string CStruct, (string Field, string CMember)[] Fields)[] Layouts =
    [
        (typeof(Interop.TPacketReq3), "struct tpacket_req3",
        [
            ("BlockSize", "tp_block_size"), ("BlockCount", "tp_block_nr"), ("FrameSize", "tp_frame_size"), ("FrameCount", "tp_frame_nr"),
            ("RetireBlockTimeoutMs", "tp_retire_blk_tov"), ("SizeOfPrivate", "tp_sizeof_priv"), ("FeatureRequestWord", "tp_feature_req_word"),
        ]),
        (typeof(Interop.TPacketBlockDescriptor), "struct tpacket_block_desc",
        [
            ("Version", "version"), ("OffsetToPrivate", "offset_to_priv"), ("BlockStatus", "hdr.bh1.block_status"),
            ("PacketCount", "hdr.bh1.num_pkts"), ("OffsetToFirstPacket", "hdr.bh1.offset_to_first_pkt"), ("BlockLength", "hdr.bh1.blk_len"),
            ("SequenceNumber", "hdr.bh1.seq_num"), ("FirstPacketSeconds", "hdr.bh1.ts_first_pkt.ts_sec"),
            ("FirstPacketNanoseconds", "hdr.bh1.ts_first_pkt.ts_nsec"), ("LastPacketSeconds", "hdr.bh1.ts_last_pkt.ts_sec"),
            ("LastPacketNanoseconds", "hdr.bh1.ts_last_pkt.ts_nsec"),
        ]),
        (typeof(Interop.TPacket3Header), "struct tpacket3_hdr",
        [
            ("NextOffset", "tp_next_offset"), ("Seconds", "tp_sec"), ("Nanoseconds", "tp_nsec"), ("SnapLength", "tp_snaplen"),
            ("Length", "tp_len"), ("Status", "tp_status"), ("MacOffset", "tp_mac"), ("NetworkOffset", "tp_net"),
            ("RxHash", "hv1.tp_rxhash"), ("VlanTci", "hv1.tp_vlan_tci"), ("VlanTpid", "hv1.tp_vlan_tpid"),
            ("VariantPadding", "hv1.tp_padding"), ("Padding", "tp_padding"),
        ]),
        (typeof(Interop.SockAddrLl), "struct sockaddr_ll",
        [
            ("Family", "sll_family"), ("Protocol", "sll_protocol"), ("InterfaceIndex", "sll_ifindex"), ("HardwareType", "sll_hatype"),
            ("PacketType", "sll_pkttype"), ("AddressLength", "sll_halen"), ("Address", "sll_addr"),
        ]),
        (typeof(Interop.TPacketStatsV3), "struct tpacket_stats_v3",
        [
            ("Packets", "tp_packets"), ("Drops", "tp_drops"), ("FreezeQueueCount", "tp_freeze_q_cnt"),
        ]),
        (typeof(Interop.PacketMreq), "struct packet_mreq",
        [
            ("InterfaceIndex", "mr_ifindex"), ("Type", "mr_type"), ("AddressLength", "mr_alen"), ("Address", "mr_address"),
        ]),
        (typeof(Interop.SockFilter), "struct sock_filter",
        [
            ("Code", "code"), ("JumpTrue", "jt"), ("JumpFalse", "jf"), ("K", "k"),
        ]),
        (typeof(Interop.SockFprog), "struct sock_fprog",
        [
            ("Length", "len"), ("Filter", "filter"),
        ]),
        (typeof(Interop.PollFd), "struct pollfd",
        [
            ("Fd", "fd"), ("Events", "events"), ("Revents", "revents"),
        ]),
    ];

    private static readonly (string Name, long Value, string CExpression)[] Constants =
    [
        ("AF_PACKET", Interop.Libc.AfPacket, "AF_PACKET"),
        ("SOCK_RAW", Interop.Libc.SockRaw, "SOCK_RAW"),
        ("SOCK_CLOEXEC", Interop.Libc.SockCloexec, "SOCK_CLOEXEC"),
        ("SOL_PACKET", Interop.Libc.SolPacket, "SOL_PACKET"),
        ("PACKET_ADD_MEMBERSHIP", Interop.Libc.PacketAddMembership, "PACKET_ADD_MEMBERSHIP"),
        ("PACKET_RX_RING", Interop.Libc.PacketRxRing, "PACKET_RX_RING"),
        ("PACKET_STATISTICS", Interop.Libc.PacketStatistics, "PACKET_STATISTICS"),
        ("PACKET_VERSION", Interop.Libc.PacketVersion, "PACKET_VERSION"),
        ("PACKET_FANOUT", Interop.Libc.PacketFanout, "PACKET_FANOUT"),
        ("TPACKET_V3", Interop.Libc.TPacketV3, "TPACKET_V3"),
        ("PACKET_MR_PROMISC", Interop.Libc.PacketMrPromisc, "PACKET_MR_PROMISC"),
        ("PACKET_FANOUT_HASH", Interop.Libc.PacketFanoutHash, "PACKET_FANOUT_HASH"),
        ("ETH_P_ALL", Interop.Libc.EthPAllNetworkOrder, "__builtin_bswap16(ETH_P_ALL)"),
        ("TP_STATUS_KERNEL", Interop.Libc.TpStatusKernel, "TP_STATUS_KERNEL"),
        ("TP_STATUS_USER", Interop.Libc.TpStatusUser, "TP_STATUS_USER"),
        ("TP_STATUS_VLAN_VALID", Interop.Libc.TpStatusVlanValid, "TP_STATUS_VLAN_VALID"),
        ("TPACKET_ALIGNMENT", Interop.Libc.TPacketAlignment, "TPACKET_ALIGNMENT"),
        ("SOL_SOCKET", Interop.Libc.SolSocket, "SOL_SOCKET"),
        ("SO_ATTACH_FILTER", Interop.Libc.SoAttachFilter, "SO_ATTACH_FILTER"),
        ("PROT_READ", Interop.Libc.ProtRead, "PROT_READ"),
        ("PROT_WRITE", Interop.Libc.ProtWrite, "PROT_WRITE"),
        ("MAP_SHARED", Interop.Libc.MapShared, "MAP_SHARED"),
        ("POLLIN", Interop.Libc.PollIn, "POLLIN"),
        ("POLLERR", Interop.Libc.PollErr, "POLLERR"),
        ("POLLNVAL", Interop.Libc.PollNval, "POLLNVAL"),
    ];

    [Fact]
    public void Struct_offsets_sizes_and_constants_match_the_kernel_headers()
    {
        var source = new StringBuilder(Preamble);
        foreach (var (type, cStruct, fields) in Layouts)
        {
            // Every field of the C# struct is checked: a field added without a C counterpart fails here.
            Assert.Equal(
                type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public).Select(static f => f.Name).Order(StringComparer.Ordinal),
                fields.Select(static f => f.Field).Order(StringComparer.Ordinal));
            source.AppendLine($"static_assert(sizeof({cStruct}) == {Marshal.SizeOf(type)}, \"sizeof({cStruct}) != C# {type.Name}\");");
            foreach (var (field, member) in fields)
            {
                source.AppendLine($"static_assert(offsetof({cStruct}, {member}) == {Marshal.OffsetOf(type, field)}, \"offsetof({cStruct}, {member}) != C# {type.Name}.{field}\");");
            }
        }

        foreach (var (name, value, expression) in Constants)
        {
            source.AppendLine($"static_assert({expression} == {value}, \"{name} != C# value {value}\");");
        }

        var result = CompileC(source.ToString());
        Assert.True(result.ExitCode == 0, "gcc rejected the layout checks:\n" + result.Output);
    }

    [Fact]
    public void A_wrong_offset_does_not_compile()
    {
        // The check above can fail: the same program with one offset off by four is rejected.
        var result = CompileC(Preamble + "static_assert(offsetof(struct tpacket3_hdr, hv1.tp_vlan_tci) == 36, \"wrong on purpose\");\n");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wrong on purpose", result.Output, StringComparison.Ordinal);
    }

    private const string Preamble = """
        #include <assert.h>
        #include <stddef.h>
        #include <poll.h>
        #include <arpa/inet.h>
        #include <sys/mman.h>
        #include <sys/socket.h>
        #include <linux/filter.h>
        #include <linux/if_ether.h>
        #include <linux/if_packet.h>

        """;

    private static (int ExitCode, string Output) CompileC(string source)
    {
        var directory = Path.Combine(Path.GetTempPath(), "knocksensor-layout-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "layout.c");
            File.WriteAllText(file, source);
            var info = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-std=gnu11", "-fsyntax-only", file })
            {
                info.ArgumentList.Add(argument);
            }

            using var gcc = Process.Start(info)!;
            var output = gcc.StandardError.ReadToEnd() + gcc.StandardOutput.ReadToEnd();
            gcc.WaitForExit();
            return (gcc.ExitCode, output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
