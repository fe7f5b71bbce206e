using System.Diagnostics.CodeAnalysis;

namespace KnockSensor.Generator;

/// <summary>Out-of-line throws, so the methods that check stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName) => throw new ArgumentOutOfRangeException(paramName);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
