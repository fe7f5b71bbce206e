using System.Buffers.Binary;
using System.Net;

namespace KnockSensor.Generator;

/// <summary>An IPv4 or IPv6 address as a value, 16 bytes of storage, written straight into frames.</summary>
internal readonly record struct HostAddress(ulong High, ulong Low, bool IsV6)
{
    public static HostAddress V4(uint address) => new(0, address, false);

    public static HostAddress V4(byte a, byte b, byte c, byte d) => V4(((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d);

    public static HostAddress V6(ulong high, ulong low) => new(high, low, true);

    public uint V4Value => (uint)Low;

    public int Length => IsV6 ? 16 : 4;

    public void WriteTo(Span<byte> destination)
    {
        if (IsV6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, High);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Low);
        }
    }

    /// <summary>Dotted quad or RFC 5952 text, for the ground truth (never on the frame path).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTo(bytes);
        return new IPAddress(bytes[..Length]).ToString();
    }
}
