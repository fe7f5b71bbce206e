using System.Buffers.Binary;
using System.Numerics;

namespace KnockSensor.State;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of the snapshot body, through <see cref="BitOperations.Crc32C(uint, ulong)"/>:
/// the SSE4.2 / ARMv8 CRC instruction where there is one, a table otherwise. Eight bytes a step, then the tail.
/// </summary>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF, as iSCSI and ext4 use it).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running value before any byte.</summary>
    public const uint Start = 0xFFFF_FFFF;

    /// <summary>Feeds <paramref name="data"/> into a running value started at <see cref="Start"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    /// <summary>The checksum of a running value.</summary>
    public static uint Finish(uint crc) => ~crc;
}
