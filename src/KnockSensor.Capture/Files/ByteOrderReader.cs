using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KnockSensor.Capture.Files;

/// <summary>Reads the integers of a capture whose byte order is known only at run time.</summary>
internal static class ByteOrderReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UInt32(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort UInt16(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Int64(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadInt64BigEndian(source) : BinaryPrimitives.ReadInt64LittleEndian(source);
}
