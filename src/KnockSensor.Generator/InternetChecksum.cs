using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KnockSensor.Generator;

/// <summary>The RFC 1071 ones'-complement checksum used by IPv4, TCP, UDP, ICMP and ICMPv6.</summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> (as big-endian 16-bit words, odd tail padded with zero) to a running sum.</summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        // 32-bit words into a 64-bit accumulator: the carries pile up in the high half and fold in at the end.
        while (data.Length >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data);
            data = data[4..];
        }

        if (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (!data.IsEmpty)
        {
            sum += (uint)data[0] << 8;
        }

        return sum;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to store in the header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Finish(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The TCP/UDP/ICMPv6 pseudo-header sum (RFC 9293 §3.1, RFC 8200 §8.1).</summary>
    public static ulong PseudoHeader(in HostAddress source, in HostAddress destination, byte protocol, int length)
    {
        Span<byte> addresses = stackalloc byte[32];
        source.WriteTo(addresses);
        destination.WriteTo(addresses[source.Length..]);
        ulong sum = Add(0, addresses[..(source.Length + destination.Length)]);
        return sum + protocol + (ulong)length;
    }
}
