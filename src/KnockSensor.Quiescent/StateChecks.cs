using System.Diagnostics.CodeAnalysis;

namespace KnockSensor.Quiescent;

/// <summary>Checks for the monitor's <c>ReadState</c> methods: impossible values become <see cref="InvalidDataException"/>.</summary>
internal static class StateChecks
{
    public const uint MonitorTag = 0x5155_4945; // "QUIE"
    public const byte MonitorVersion = 1;

    /// <summary>A count checked against <paramref name="max"/> and against the bytes left at <paramref name="bytesPerEntry"/> each.</summary>
    public static int ReadCount(BinaryReader reader, int max, string what, int bytesPerEntry = 0)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > max)
        {
            Throw($"{what}: {count} is outside 0..{max}");
        }

        var stream = reader.BaseStream;
        if (stream.CanSeek && (long)count * bytesPerEntry > stream.Length - stream.Position)
        {
            Throw($"{what}: {count} entries of {bytesPerEntry} bytes do not fit in the {stream.Length - stream.Position} bytes left");
        }

        return count;
    }

    public static void Expect(long found, long expected, string what)
    {
        if (found != expected)
        {
            Throw($"{what} is {found} in the snapshot, {expected} here");
        }
    }

    [DoesNotReturn]
    public static void Throw(string message) => throw new InvalidDataException(message);
}
