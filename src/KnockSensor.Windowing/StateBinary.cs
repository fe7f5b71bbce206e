using System.Diagnostics.CodeAnalysis;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// The small vocabulary every stage's <c>WriteState</c>/<c>ReadState</c> is written in: addresses, items, accesses,
/// section versions and bounded counts, little-endian through <see cref="BinaryWriter"/>. Hand-written, no reflection,
/// so it survives trimming and Native AOT. A reader that meets something impossible throws
/// <see cref="InvalidDataException"/> naming it; the snapshot store turns that into a rejected snapshot.
/// </summary>
public static class StateBinary
{
    public static void WriteAddress(this BinaryWriter writer, in PacketAddress address)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(address.High);
        writer.Write(address.Low);
    }

    public static PacketAddress ReadAddress(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var high = reader.ReadUInt64();
        return new PacketAddress(high, reader.ReadUInt64());
    }

    public static void WriteItem(this BinaryWriter writer, KnockItem item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(item.Value);
    }

    public static KnockItem ReadItem(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var value = reader.ReadInt32();
        if ((uint)value >= KnockItem.Count)
        {
            ThrowInvalid($"item value {value} is outside 0..{KnockItem.Count - 1}");
        }

        return new KnockItem(value);
    }

    public static void WriteAccess(this BinaryWriter writer, in WindowAccess access)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteItem(access.Item);
        writer.WriteAddress(access.Source);
        writer.WriteAddress(access.Destination);
        writer.Write(access.TimestampNs);
        writer.Write(access.IsAnswer);
        writer.Write(access.SourcePort);
    }

    /// <summary>Bytes one <see cref="WindowAccess"/> takes in a snapshot.</summary>
    public const int AccessBytes = 4 + 16 + 16 + 8 + 1 + 2;

    public static WindowAccess ReadAccess(this BinaryReader reader)
    {
        var item = reader.ReadItem();
        var source = reader.ReadAddress();
        var destination = reader.ReadAddress();
        var timestamp = reader.ReadInt64();
        var isAnswer = reader.ReadBoolean();
        return new WindowAccess(item, source, destination, timestamp, isAnswer, reader.ReadUInt16());
    }

    /// <summary>Starts a section: a tag naming the structure (so a misaligned read fails at once) and its format version.</summary>
    public static void WriteSection(this BinaryWriter writer, uint tag, byte version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(tag);
        writer.Write(version);
    }

    /// <summary>Reads a section start written by <see cref="WriteSection"/>; throws unless the tag and version are the expected ones.</summary>
    public static void ReadSection(this BinaryReader reader, uint tag, byte version, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var foundTag = reader.ReadUInt32();
        if (foundTag != tag)
        {
            ThrowInvalid($"{what}: section tag 0x{foundTag:X8} where 0x{tag:X8} was expected");
        }

        var foundVersion = reader.ReadByte();
        if (foundVersion != version)
        {
            ThrowInvalid($"{what}: section version {foundVersion}, this build reads version {version}");
        }
    }

    /// <summary>
    /// A count written as an <see cref="int"/>, checked to be 0..<paramref name="max"/> and, when the stream can tell,
    /// to fit in the bytes left at <paramref name="bytesPerEntry"/> each: a damaged count never makes a reader
    /// allocate more than the snapshot could hold.
    /// </summary>
    public static int ReadCount(this BinaryReader reader, int max, string what, int bytesPerEntry = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        if (count < 0 || count > max)
        {
            ThrowInvalid($"{what}: {count} is outside 0..{max}");
        }

        var stream = reader.BaseStream;
        if (stream.CanSeek && (long)count * bytesPerEntry > stream.Length - stream.Position)
        {
            ThrowInvalid($"{what}: {count} entries of {bytesPerEntry} bytes do not fit in the {stream.Length - stream.Position} bytes left");
        }

        return count;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless a value read equals the one this instance was built with.</summary>
    public static void Expect(long found, long expected, string what)
    {
        if (found != expected)
        {
            ThrowInvalid($"{what} is {found} in the snapshot, {expected} here");
        }
    }

    [DoesNotReturn]
    public static void ThrowInvalid(string message) => throw new InvalidDataException(message);
}
