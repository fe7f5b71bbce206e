using System.Globalization;
using System.Runtime.CompilerServices;

namespace KnockSensor.Capture.Files;

/// <summary>
/// Classic libpcap files: a 24-byte file header, then records of a 16-byte header (seconds, fraction, captured
/// length, original length) followed by the captured bytes.
/// </summary>
internal struct PcapRecordParser : IRecordParser
{
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;

    // libpcap's MAXIMUM_SNAPLEN: captured lengths up to this are plausible whatever the header's snap length says.
    internal const uint DefaultCaptureLimit = 262_144;

    // Nothing a capture tool writes comes near this; a larger "length" is damage, not a frame.
    internal const uint AbsoluteCaptureLimit = 64 * 1024 * 1024;

    // libpcap's LT_LINKTYPE: the upper bits of the header's link-type field carry FCS information.
    internal const uint LinkTypeMask = 0x03FF_FFFF;

    private bool _headerRead;
    private bool _bigEndian;
    private uint _fractionToNanoseconds;
    private uint _captureLimit;
    private LinkType _linkType;

    public int Consume<TSink>(ReadOnlySpan<byte> buffer, long bufferOffset, ref TSink sink, ref ReadProgress progress, out int needed)
        where TSink : struct, IFrameSink
    {
        int position = 0;
        if (!_headerRead)
        {
            if (buffer.Length < FileHeaderLength)
            {
                needed = FileHeaderLength;
                return 0;
            }

            string? fault = ReadFileHeader(buffer);
            if (fault is not null)
            {
                progress.Fail(bufferOffset, fault);
                needed = 0;
                return 0;
            }

            position = FileHeaderLength;
        }

        long frames = 0;
        long capturedBytes = 0;
        bool bigEndian = _bigEndian;
        while (true)
        {
            ReadOnlySpan<byte> rest = buffer[position..];
            if (rest.Length < RecordHeaderLength)
            {
                needed = RecordHeaderLength;
                break;
            }

            uint captured = ByteOrderReader.UInt32(rest[8..], bigEndian);
            if (captured > _captureLimit)
            {
                progress.Fail(bufferOffset + position, ImplausibleLength(captured));
                needed = 0;
                break;
            }

            int recordLength = RecordHeaderLength + (int)captured;
            if (rest.Length < recordLength)
            {
                needed = recordLength;
                break;
            }

            uint seconds = ByteOrderReader.UInt32(rest, bigEndian);
            uint fraction = ByteOrderReader.UInt32(rest[4..], bigEndian);
            uint original = ByteOrderReader.UInt32(rest[12..], bigEndian);
            var info = new FrameInfo(
                (long)seconds * 1_000_000_000 + (long)fraction * _fractionToNanoseconds,
                (int)Math.Min(original, int.MaxValue),
                _linkType);
            sink.OnFrame(in info, rest.Slice(RecordHeaderLength, (int)captured));
            frames++;
            capturedBytes += captured;
            position += recordLength;
        }

        progress.Frames += frames;
        progress.CapturedBytes += capturedBytes;
        return position;
    }

    public readonly string DescribeTruncation(ReadOnlySpan<byte> head, long remaining)
    {
        if (!_headerRead)
        {
            return $"truncated file header ({Invariant(remaining)} of {FileHeaderLength} bytes)";
        }

        if (remaining < RecordHeaderLength)
        {
            return $"truncated record header ({Invariant(remaining)} of {RecordHeaderLength} bytes)";
        }

        uint captured = ByteOrderReader.UInt32(head[8..], _bigEndian);
        return $"truncated packet data: record says {Invariant(captured)} bytes, {Invariant(remaining - RecordHeaderLength)} remain";
    }

    private string? ReadFileHeader(ReadOnlySpan<byte> header)
    {
        uint magic = ByteOrderReader.UInt32(header, bigEndian: false);
        bool bigEndian;
        switch (magic)
        {
            case CaptureMagic.PcapMicroseconds:
            case CaptureMagic.PcapNanoseconds:
                bigEndian = false;
                break;
            default:
                bigEndian = true;
                magic = ByteOrderReader.UInt32(header, bigEndian: true);
                if (magic is not (CaptureMagic.PcapMicroseconds or CaptureMagic.PcapNanoseconds))
                {
                    return "not a pcap file header";
                }

                break;
        }

        ushort major = ByteOrderReader.UInt16(header[4..], bigEndian);
        ushort minor = ByteOrderReader.UInt16(header[6..], bigEndian);
        if (major != 2)
        {
            return $"unsupported pcap version {Invariant(major)}.{Invariant(minor)}";
        }

        uint snapLength = ByteOrderReader.UInt32(header[16..], bigEndian);
        uint linkField = ByteOrderReader.UInt32(header[20..], bigEndian);

        _bigEndian = bigEndian;
        _fractionToNanoseconds = magic == CaptureMagic.PcapNanoseconds ? 1u : 1000u;
        _captureLimit = Math.Clamp(snapLength, DefaultCaptureLimit, AbsoluteCaptureLimit);
        _linkType = (LinkType)(linkField & LinkTypeMask);
        _headerRead = true;
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly string ImplausibleLength(uint captured) =>
        $"implausible captured length {Invariant(captured)} (limit {Invariant(_captureLimit)})";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
