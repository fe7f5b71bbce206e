using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>
/// An IPv4 or IPv6 address held in two 64-bit words, so a <see cref="PortEvent"/> stays an unmanaged value with no
/// reference to the heap. IPv4 addresses are stored IPv4-mapped (<c>::ffff:a.b.c.d</c>), which makes equality and
/// hashing one code path for both families.
/// </summary>
public readonly struct PacketAddress : IEquatable<PacketAddress>
{
    internal const ulong V4MappedPrefix = 0x0000_FFFF_0000_0000UL;

    /// <summary>The first 8 bytes of the 16-byte address, big-endian.</summary>
    public readonly ulong High;

    /// <summary>The last 8 bytes of the 16-byte address, big-endian.</summary>
    public readonly ulong Low;

    public PacketAddress(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    /// <summary>True for an IPv4 address (stored IPv4-mapped).</summary>
    public bool IsIPv4 => High == 0 && (Low & 0xFFFF_FFFF_0000_0000UL) == V4MappedPrefix;

    /// <summary>The IPv4 address as a host-order integer (a.b.c.d = a&lt;&lt;24 | …); meaningful only when <see cref="IsIPv4"/>.</summary>
    public uint IPv4Value => (uint)Low;

    /// <summary>Builds an IPv4 address from its host-order integer value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketAddress FromIPv4(uint value) => new(0, V4MappedPrefix | value);

    /// <summary>Builds an IPv4 address from 4 bytes in network order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketAddress FromIPv4(ReadOnlySpan<byte> networkOrder) => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(networkOrder));

    /// <summary>Builds an IPv6 address from 16 bytes in network order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketAddress FromIPv6(ReadOnlySpan<byte> networkOrder) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(networkOrder), BinaryPrimitives.ReadUInt64BigEndian(networkOrder[8..]));

    /// <summary>Converts from <see cref="IPAddress"/> (slow path: configuration, tests).</summary>
    public static PacketAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return FromIPv4(bytes);
        }

        address.TryWriteBytes(bytes, out _);
        return FromIPv6(bytes);
    }

    /// <summary>Writes the address in network order: 4 bytes for IPv4, 16 for IPv6. Returns the count written.</summary>
    public int WriteBytes(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, IPv4Value);
            return 4;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
        return 16;
    }

    /// <summary>Converts to <see cref="IPAddress"/> (allocates; for output and tests only).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = WriteBytes(bytes);
        return new IPAddress(bytes[..length]);
    }

    /// <summary>Formats the address (dotted quad or RFC 5952 text) into <paramref name="destination"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (IsIPv4)
        {
            var v = IPv4Value;
            return destination.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}", out charsWritten);
        }

        return ToIPAddress().TryFormat(destination, out charsWritten);
    }

    public override string ToString()
    {
        Span<char> buffer = stackalloc char[48];
        return TryFormat(buffer, out var written) ? new string(buffer[..written]) : ToIPAddress().ToString();
    }

    public bool Equals(PacketAddress other) => High == other.High && Low == other.Low;

    public override bool Equals(object? obj) => obj is PacketAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Low);

    public static bool operator ==(PacketAddress left, PacketAddress right) => left.Equals(right);

    public static bool operator !=(PacketAddress left, PacketAddress right) => !left.Equals(right);
}
