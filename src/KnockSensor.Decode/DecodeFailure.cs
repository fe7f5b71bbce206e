using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>The one way every layer reports a malformed frame, kept out of line so the hot path stays small.</summary>
internal static class DecodeFailure
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static DecodeStatus Malformed(MalformedReason why, out MalformedReason reason)
    {
        reason = why;
        return DecodeStatus.Malformed;
    }
}
