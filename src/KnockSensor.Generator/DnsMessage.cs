using System.Buffers.Binary;

namespace KnockSensor.Generator;

/// <summary>
/// Well-formed DNS queries and answers for a fixed list of names. The payload seed packs the name index (bits 0–7),
/// AAAA instead of A (bit 8) and the transaction id (bits 16–31), so a query and its answer share one seed.
/// </summary>
internal static class DnsMessage
{
    private static readonly string[] Names =
    [
        "www.google.com", "connectivity-check.ubuntu.com", "api.github.com", "time.cloudflare.com",
        "deb.debian.org", "cdn.jsdelivr.net", "www.wikipedia.org", "outlook.office365.com", "registry.npmjs.org",
        "update.example.org", "mail.example.net", "www.example.com", "ocsp.digicert.com", "fonts.gstatic.com",
        "push.services.mozilla.com", "dns.msftncsi.com",
    ];

    private static readonly byte[][] EncodedNames = Encode(Names);

    public static int NameCount => Names.Length;

    public static uint MakeSeed(int nameIndex, bool aaaa, ushort transactionId) =>
        (uint)nameIndex | (aaaa ? 0x100u : 0u) | ((uint)transactionId << 16);

    /// <summary>Length of the message (without the TCP length prefix).</summary>
    public static int Length(uint seed, bool response)
    {
        int length = 12 + EncodedNames[NameIndex(seed)].Length + 4;
        return response ? length + 12 + (IsAaaa(seed) ? 16 : 4) : length;
    }

    public static void Write(Span<byte> destination, uint seed, bool response)
    {
        byte[] name = EncodedNames[NameIndex(seed)];
        bool aaaa = IsAaaa(seed);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(seed >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], response ? (ushort)0x8180 : (ushort)0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], response ? (ushort)1 : (ushort)0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        name.CopyTo(destination[12..]);
        int offset = 12 + name.Length;
        ushort type = aaaa ? (ushort)28 : (ushort)1;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 1);
        offset += 4;
        if (!response)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], 0xC00C);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 4)..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 6)..], 300);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 10)..], aaaa ? (ushort)16 : (ushort)4);
        offset += 12;
        byte index = (byte)NameIndex(seed);
        if (aaaa)
        {
            HostAddress.V6(0x2001_0db8_00aa_0000UL, index + 1UL).WriteTo(destination[offset..]);
        }
        else
        {
            HostAddress.V4(93, 184, 216, (byte)(index + 1)).WriteTo(destination[offset..]);
        }
    }

    private static int NameIndex(uint seed) => (int)(seed & 0xFF) % Names.Length;

    private static bool IsAaaa(uint seed) => (seed & 0x100) != 0;

    private static byte[][] Encode(string[] names)
    {
        var encoded = new byte[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            string[] labels = names[i].Split('.');
            var bytes = new List<byte>();
            foreach (string label in labels)
            {
                bytes.Add((byte)label.Length);
                foreach (char c in label)
                {
                    bytes.Add((byte)c);
                }
            }

            bytes.Add(0);
            encoded[i] = [.. bytes];
        }

        return encoded;
    }
}
