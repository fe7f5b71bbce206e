using System.Numerics;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// The access logs of the windows the miner holds, slot for slot with its <see cref="Mining.WindowHistory"/>: where
/// the knock stage finds who accessed a rule's items on which host. Memory: L × (at most 2·ws) accesses.
/// </summary>
internal sealed partial class AccessLogHistory
{
    private readonly WindowAccess[][] _logs;
    private readonly int[] _counts;

    public AccessLogHistory(int length)
    {
        _logs = new WindowAccess[length][];
        _counts = new int[length];
        for (var s = 0; s < length; s++)
        {
            _logs[s] = [];
        }
    }

    public void Store(int slot, PortWindow window)
    {
        var accesses = window.Accesses;
        if (_logs[slot].Length < accesses.Length)
        {
            // Grows in doublings (never past what a window can hold), so a slot is allocated a handful of times over a
            // run rather than each time a slightly larger window lands in it: growing to the exact length kept the
            // garbage collector busy through the first hundreds of MiB of a capture (perf record, 512 MiB throughput profile).
            _logs[slot] = new WindowAccess[Math.Max(accesses.Length, (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)accesses.Length), (uint)window.LogCapacity))];
        }

        accesses.CopyTo(_logs[slot]);
        _counts[slot] = accesses.Length;
    }

    public ReadOnlySpan<WindowAccess> Log(int slot) => _logs[slot].AsSpan(0, _counts[slot]);
}
