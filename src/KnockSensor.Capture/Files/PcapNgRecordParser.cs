using System.Globalization;
using System.Runtime.CompilerServices;

namespace KnockSensor.Capture.Files;

/// <summary>
/// pcapng files: a sequence of blocks (type, total length, body, total length again). Section Header Blocks set
/// the byte order and reset the interface list; Interface Description Blocks define link type, snap length and
/// timestamp resolution; Enhanced, Simple and obsolete Packet Blocks carry frames; everything else is skipped.
/// </summary>
internal struct PcapNgRecordParser : IRecordParser
{
    internal const uint SectionHeaderType = CaptureMagic.PcapNgSectionHeader;
    internal const uint InterfaceDescriptionType = 1;
    internal const uint ObsoletePacketType = 2;
    internal const uint SimplePacketType = 3;
    internal const uint EnhancedPacketType = 6;

    internal const uint ByteOrderMagic = 0x1A2B3C4D;
    internal const uint ByteOrderMagicSwapped = 0x4D3C2B1A;

    internal const int BlockHeaderLength = 8;
    internal const int SectionHeaderPrefixLength = 12;
    internal const int MinimumBlockLength = 12;
    internal const int SectionHeaderMinimumLength = 28;
    internal const int InterfaceDescriptionMinimumLength = 20;
    internal const int EnhancedPacketMinimumLength = 32;
    internal const int SimplePacketMinimumLength = 16;

    // Wireshark refuses blocks over 16 MiB; allow more, but not so much that a corrupt length makes us wait for
    // (or allocate a scratch buffer of) gigabytes.
    internal const uint MaximumBlockLength = 64 * 1024 * 1024;

    internal const ushort EndOfOptions = 0;
    internal const ushort TimestampResolutionOption = 9;
    internal const ushort TimestampOffsetOption = 14;

    private bool _inSection;
    private bool _bigEndian;
    private PcapNgInterface[]? _interfaces;
    private int _interfaceCount;

    // Simple Packet Blocks carry no timestamp; they get the last one seen so time never runs backwards to 1970.
    private long _lastTimestampNs;

    public int Consume<TSink>(ReadOnlySpan<byte> buffer, long bufferOffset, ref TSink sink, ref ReadProgress progress, out int needed)
        where TSink : struct, IFrameSink
    {
        int position = 0;
        long frames = 0;
        long capturedBytes = 0;
        while (true)
        {
            ReadOnlySpan<byte> rest = buffer[position..];
            if (rest.Length < BlockHeaderLength)
            {
                needed = BlockHeaderLength;
                break;
            }

            uint type = ByteOrderReader.UInt32(rest, _bigEndian);
            bool blockBigEndian = _bigEndian;
            if (type == SectionHeaderType)
            {
                // The block type reads the same in both byte orders; the section's byte order follows it.
                if (rest.Length < SectionHeaderPrefixLength)
                {
                    needed = SectionHeaderPrefixLength;
                    break;
                }

                uint magic = ByteOrderReader.UInt32(rest[8..], bigEndian: false);
                if (magic is not (ByteOrderMagic or ByteOrderMagicSwapped))
                {
                    progress.Fail(bufferOffset + position, "bad pcapng byte-order magic in section header block");
                    needed = 0;
                    break;
                }

                blockBigEndian = magic == ByteOrderMagicSwapped;
            }
            else if (!_inSection)
            {
                progress.Fail(bufferOffset + position, "pcapng block before the first section header block");
                needed = 0;
                break;
            }

            uint total = ByteOrderReader.UInt32(rest[4..], blockBigEndian);
            if (total < MinimumBlockLength || total % 4 != 0 || total > MaximumBlockLength)
            {
                progress.Fail(bufferOffset + position, BadBlockLength(total));
                needed = 0;
                break;
            }

            if (rest.Length < total)
            {
                needed = (int)total;
                break;
            }

            ReadOnlySpan<byte> block = rest[..(int)total];
            uint trailer = ByteOrderReader.UInt32(block[^4..], blockBigEndian);
            if (trailer != total)
            {
                progress.Fail(bufferOffset + position, LengthsDisagree(total, trailer));
                needed = 0;
                break;
            }

            string? fault = type switch
            {
                EnhancedPacketType => DeliverEnhanced(block, ref sink, ref frames, ref capturedBytes),
                SimplePacketType => DeliverSimple(block, ref sink, ref frames, ref capturedBytes),
                ObsoletePacketType => DeliverObsolete(block, ref sink, ref frames, ref capturedBytes),
                InterfaceDescriptionType => AddInterface(block),
                SectionHeaderType => StartSection(block, blockBigEndian),
                _ => null,
            };
            if (fault is not null)
            {
                progress.Fail(bufferOffset + position, fault);
                needed = 0;
                break;
            }

            position += (int)total;
        }

        progress.Frames += frames;
        progress.CapturedBytes += capturedBytes;
        return position;
    }

    public readonly string DescribeTruncation(ReadOnlySpan<byte> head, long remaining)
    {
        if (remaining < BlockHeaderLength)
        {
            return $"truncated block header ({Invariant(remaining)} of {BlockHeaderLength} bytes)";
        }

        uint type = ByteOrderReader.UInt32(head, _bigEndian);
        bool bigEndian = _bigEndian;
        if (type == SectionHeaderType)
        {
            if (remaining < SectionHeaderPrefixLength)
            {
                return $"truncated section header block ({Invariant(remaining)} bytes)";
            }

            bigEndian = ByteOrderReader.UInt32(head[8..], bigEndian: false) == ByteOrderMagicSwapped;
        }

        uint total = ByteOrderReader.UInt32(head[4..], bigEndian);
        return $"truncated block: header says {Invariant(total)} bytes, {Invariant(remaining)} remain";
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private string? DeliverEnhanced<TSink>(ReadOnlySpan<byte> block, ref TSink sink, ref long frames, ref long capturedBytes)
        where TSink : struct, IFrameSink
    {
        if (block.Length < EnhancedPacketMinimumLength)
        {
            return "enhanced packet block too short";
        }

        uint interfaceId = ByteOrderReader.UInt32(block[8..], _bigEndian);
        return DeliverTimestamped(block, interfaceId, ref sink, ref frames, ref capturedBytes);
    }

    private string? DeliverObsolete<TSink>(ReadOnlySpan<byte> block, ref TSink sink, ref long frames, ref long capturedBytes)
        where TSink : struct, IFrameSink
    {
        // Same layout as an Enhanced Packet Block, except a 16-bit interface id followed by a 16-bit drop count.
        if (block.Length < EnhancedPacketMinimumLength)
        {
            return "packet block too short";
        }

        uint interfaceId = ByteOrderReader.UInt16(block[8..], _bigEndian);
        return DeliverTimestamped(block, interfaceId, ref sink, ref frames, ref capturedBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private string? DeliverTimestamped<TSink>(ReadOnlySpan<byte> block, uint interfaceId, ref TSink sink, ref long frames, ref long capturedBytes)
        where TSink : struct, IFrameSink
    {
        bool bigEndian = _bigEndian;
        if (interfaceId >= (uint)_interfaceCount)
        {
            return UnknownInterface(interfaceId);
        }

        uint captured = ByteOrderReader.UInt32(block[20..], bigEndian);
        if (captured > (uint)(block.Length - EnhancedPacketMinimumLength))
        {
            return CapturedLengthExceedsBlock(captured, block.Length);
        }

        ref readonly PcapNgInterface description = ref _interfaces![interfaceId];
        ulong units = ((ulong)ByteOrderReader.UInt32(block[12..], bigEndian) << 32) | ByteOrderReader.UInt32(block[16..], bigEndian);
        uint original = ByteOrderReader.UInt32(block[24..], bigEndian);
        long timestamp = description.Timestamps.ToNanoseconds(units);
        _lastTimestampNs = timestamp;
        var info = new FrameInfo(timestamp, (int)Math.Min(original, int.MaxValue), description.LinkType, (int)interfaceId);
        sink.OnFrame(in info, block.Slice(28, (int)captured));
        frames++;
        capturedBytes += captured;
        return null;
    }

    private readonly string? DeliverSimple<TSink>(ReadOnlySpan<byte> block, ref TSink sink, ref long frames, ref long capturedBytes)
        where TSink : struct, IFrameSink
    {
        if (block.Length < SimplePacketMinimumLength)
        {
            return "simple packet block too short";
        }

        if (_interfaceCount == 0)
        {
            return UnknownInterface(0);
        }

        ref readonly PcapNgInterface description = ref _interfaces![0];
        uint original = ByteOrderReader.UInt32(block[8..], _bigEndian);
        uint captured = Math.Min(original, (uint)(block.Length - SimplePacketMinimumLength));
        if (description.SnapLength != 0)
        {
            captured = Math.Min(captured, description.SnapLength);
        }

        var info = new FrameInfo(_lastTimestampNs, (int)Math.Min(original, int.MaxValue), description.LinkType, 0);
        sink.OnFrame(in info, block.Slice(12, (int)captured));
        frames++;
        capturedBytes += captured;
        return null;
    }

    private string? StartSection(ReadOnlySpan<byte> block, bool bigEndian)
    {
        if (block.Length < SectionHeaderMinimumLength)
        {
            return "section header block too short";
        }

        ushort major = ByteOrderReader.UInt16(block[12..], bigEndian);
        if (major != 1)
        {
            return $"unsupported pcapng version {Invariant(major)}.{Invariant(ByteOrderReader.UInt16(block[14..], bigEndian))}";
        }

        _bigEndian = bigEndian;
        _inSection = true;
        _interfaceCount = 0;
        return null;
    }

    private string? AddInterface(ReadOnlySpan<byte> block)
    {
        if (block.Length < InterfaceDescriptionMinimumLength)
        {
            return "interface description block too short";
        }

        bool bigEndian = _bigEndian;
        var linkType = (LinkType)ByteOrderReader.UInt16(block[8..], bigEndian);
        uint snapLength = ByteOrderReader.UInt32(block[12..], bigEndian);
        byte resolution = 6;
        long offsetSeconds = 0;

        ReadOnlySpan<byte> options = block[16..^4];
        while (options.Length >= 4)
        {
            ushort code = ByteOrderReader.UInt16(options, bigEndian);
            ushort length = ByteOrderReader.UInt16(options[2..], bigEndian);
            if (code == EndOfOptions)
            {
                break;
            }

            int padded = (length + 3) & ~3;
            if (4 + padded > options.Length)
            {
                return "bad pcapng option length in interface description block";
            }

            ReadOnlySpan<byte> value = options.Slice(4, length);
            if (code == TimestampResolutionOption && length >= 1)
            {
                resolution = value[0];
            }
            else if (code == TimestampOffsetOption && length == 8)
            {
                offsetSeconds = ByteOrderReader.Int64(value, bigEndian);
            }

            options = options[(4 + padded)..];
        }

        if (!PcapNgTimestampScale.TryCreate(resolution, offsetSeconds, out PcapNgTimestampScale scale))
        {
            return $"unsupported if_tsresol 0x{resolution.ToString("x2", CultureInfo.InvariantCulture)}";
        }

        _interfaces ??= new PcapNgInterface[4];
        if (_interfaceCount == _interfaces.Length)
        {
            Array.Resize(ref _interfaces, _interfaces.Length * 2);
        }

        _interfaces[_interfaceCount++] = new PcapNgInterface(linkType, snapLength, scale);
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly string UnknownInterface(uint interfaceId) =>
        $"packet names interface {Invariant(interfaceId)}, but the section defines {Invariant(_interfaceCount)}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string CapturedLengthExceedsBlock(uint captured, int blockLength) =>
        $"implausible captured length {Invariant(captured)} in a {Invariant(blockLength)}-byte packet block";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BadBlockLength(uint total) => $"bad pcapng block length {Invariant(total)}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string LengthsDisagree(uint total, uint trailer) =>
        $"block total lengths disagree (header {Invariant(total)}, trailer {Invariant(trailer)})";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
