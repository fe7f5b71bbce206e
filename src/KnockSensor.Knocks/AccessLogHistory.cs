using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// The access logs of the windows the miner holds, slot for slot with its <see cref="Mining.WindowHistory"/>: where
/// the knock stage finds who accessed a rule's items on which host. Memory: L window logs of
/// <see cref="PortWindow.LogCapacity"/> accesses each.
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

    /// <summary>
    /// Keeps <paramref name="window"/>'s log in <paramref name="slot"/> by trading arrays with the window: the slot's
    /// old log (the window that left the history) becomes the window's empty one. No copy, and after the first
    /// <c>L</c> windows no allocation: copying into slots grown to the largest window seen cost a tenth of the
    /// offline run in allocation, zeroing and page faults.
    /// </summary>
    public void Store(int slot, PortWindow window)
    {
        var count = window.Accesses.Length;
        var spare = _logs[slot];
        if (spare.Length != window.LogCapacity)
        {
            // The slot's first window, or a log restored from a snapshot at its exact length. Its contents are never
            // read (the window overwrites what it logs), so the GC need not zero it: filling the history's first
            // L slots spent more time in memset than in anything else on a fresh sensor.
            spare = GC.AllocateUninitializedArray<WindowAccess>(window.LogCapacity);
        }

        _logs[slot] = window.SwapLog(spare);
        _counts[slot] = count;
    }

    public ReadOnlySpan<WindowAccess> Log(int slot) => _logs[slot].AsSpan(0, _counts[slot]);
}
