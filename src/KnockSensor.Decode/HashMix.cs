using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>
/// The one 64-bit mixer every fixed-size table of the later stages hashes addresses and ports with (episode tables,
/// flow table, distinct-host sketches): SplitMix64's finalizer, cheap and with full avalanche, so a table indexes by
/// the top bits.
/// </summary>
public static class HashMix
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix64(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58_476D_1CE4_E5B9UL;
        x ^= x >> 27;
        x *= 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A well-mixed 64-bit hash of one address, for tables keyed by host.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Address(in PacketAddress address) => Mix64((address.High * 0x9E3779B97F4A7C15UL) ^ address.Low);
}
