using System.Diagnostics.CodeAnalysis;

namespace KnockSensor.Quiescent;

/// <summary>Checks for the monitor's <c>ReadState</c> methods: impossible values become <see cref="InvalidDataException"/>.</summary>
internal static class StateChecks
{
    public const uint MonitorTag = 0x5155_4945; // "QUIE"
    public const byte MonitorVersion = 1;

    public static int ReadCount(BinaryReader reader, int max, string what)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > max)
        {
            Throw($"{what}: {count} is outside 0..{max}");
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
