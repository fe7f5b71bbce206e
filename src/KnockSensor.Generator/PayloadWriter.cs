using System.Buffers.Binary;

namespace KnockSensor.Generator;

/// <summary>Fills a packet's payload according to its <see cref="PayloadKind"/>.</summary>
internal static class PayloadWriter
{
    /// <summary>Seconds between the NTP era (1900) and the Unix epoch.</summary>
    private const long NtpEpochOffsetSeconds = 2_208_988_800;

    private const int NoiseLength = 1 << 16;

    // A fixed block of pseudo-random bytes that opaque payloads are sliced from: filling 1 GB from the generator
    // would cost more than the frames themselves. Independent of the user's seed on purpose: it is content, not choice.
    private static readonly byte[] Noise = MakeNoise();

    private static ReadOnlySpan<byte> TextSource =>
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\r\nUt enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\r\n"u8;

    /// <summary>The payload length a kind dictates, or <paramref name="requested"/> where the caller chooses.</summary>
    public static int LengthOf(PayloadKind kind, uint seed, int requested, bool overTcp) => kind switch
    {
        PayloadKind.None => 0,
        PayloadKind.HttpRequest => HttpText.RequestLength(seed),
        PayloadKind.DnsQuery => DnsMessage.Length(seed, response: false) + (overTcp ? 2 : 0),
        PayloadKind.DnsResponse => DnsMessage.Length(seed, response: true) + (overTcp ? 2 : 0),
        PayloadKind.NtpRequest or PayloadKind.NtpResponse => 48,
        PayloadKind.TlsRecord => Math.Max(requested, 6),
        _ => requested,
    };

    public static void Write(in PacketSpec packet, Span<byte> destination)
    {
        switch (packet.Payload)
        {
            case PayloadKind.None:
                break;
            case PayloadKind.Opaque:
                WriteOpaque(destination, packet.PayloadSeed);
                break;
            case PayloadKind.Text:
                WriteText(destination, (int)(packet.PayloadSeed % (uint)TextSource.Length));
                break;
            case PayloadKind.HttpRequest:
                HttpText.WriteRequest(destination, packet.PayloadSeed);
                break;
            case PayloadKind.HttpResponse:
                HttpText.WriteResponseSlice(destination, packet.PayloadOffset, (int)packet.PayloadSeed);
                break;
            case PayloadKind.TlsRecord:
                destination[0] = 0x17;
                destination[1] = 0x03;
                destination[2] = 0x03;
                BinaryPrimitives.WriteUInt16BigEndian(destination[3..], (ushort)(destination.Length - 5));
                WriteOpaque(destination[5..], packet.PayloadSeed);
                break;
            case PayloadKind.DnsQuery:
            case PayloadKind.DnsResponse:
                WriteDns(packet, destination);
                break;
            case PayloadKind.NtpRequest:
            case PayloadKind.NtpResponse:
                WriteNtp(destination, packet.TimestampNs, packet.Payload == PayloadKind.NtpResponse);
                break;
            case PayloadKind.Quic:
                WriteOpaque(destination, packet.PayloadSeed);
                destination[0] = (byte)(0x40 | (destination[0] & 0x3F));
                break;
            default:
                ThrowHelper.ThrowInvalidOperation("Unknown payload kind.");
                break;
        }
    }

    /// <summary>Text bytes starting at <paramref name="offset"/> of an endless repetition of the text source.</summary>
    public static void WriteText(Span<byte> destination, int offset)
    {
        ReadOnlySpan<byte> source = TextSource;
        int position = offset % source.Length;
        while (!destination.IsEmpty)
        {
            int count = Math.Min(source.Length - position, destination.Length);
            source.Slice(position, count).CopyTo(destination);
            destination = destination[count..];
            position = 0;
        }
    }

    private static void WriteOpaque(Span<byte> destination, uint seed)
    {
        int position = (int)(seed % NoiseLength);
        while (!destination.IsEmpty)
        {
            int count = Math.Min(NoiseLength - position, destination.Length);
            Noise.AsSpan(position, count).CopyTo(destination);
            destination = destination[count..];
            position = 0;
        }
    }

    private static void WriteDns(in PacketSpec packet, Span<byte> destination)
    {
        bool response = packet.Payload == PayloadKind.DnsResponse;
        if (packet.Kind == PacketKind.Tcp)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(destination.Length - 2));
            destination = destination[2..];
        }

        DnsMessage.Write(destination, packet.PayloadSeed, response);
    }

    private static void WriteNtp(Span<byte> destination, long timestampNs, bool response)
    {
        destination.Clear();
        // LI 0, version 4, mode 3 (client) or 4 (server).
        destination[0] = response ? (byte)0x24 : (byte)0x23;
        if (response)
        {
            destination[1] = 2;
            destination[2] = 6;
            destination[3] = 0xE9;
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], 0x0000_0200);
            BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0x0000_0400);
            destination[12] = 192;
            destination[13] = 0;
            destination[14] = 2;
            destination[15] = 123;
            WriteNtpTimestamp(destination[16..], timestampNs - 16_000_000_000L);
            WriteNtpTimestamp(destination[24..], timestampNs - 20_000_000L);
            WriteNtpTimestamp(destination[32..], timestampNs);
        }

        WriteNtpTimestamp(destination[40..], timestampNs);
    }

    private static void WriteNtpTimestamp(Span<byte> destination, long unixNs)
    {
        long seconds = (unixNs / 1_000_000_000L) + NtpEpochOffsetSeconds;
        long fractionNs = unixNs % 1_000_000_000L;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)((fractionNs << 32) / 1_000_000_000L));
    }

    private static byte[] MakeNoise()
    {
        var noise = new byte[NoiseLength];
        new DeterministicRandom(0x6B6E_6F63_6B21UL).NextBytes(noise);
        return noise;
    }
}
