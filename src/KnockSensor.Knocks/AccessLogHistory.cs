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
            // Grows once per slot up to the largest window seen; the steady state allocates nothing.
            _logs[slot] = new WindowAccess[accesses.Length];
        }

        accesses.CopyTo(_logs[slot]);
        _counts[slot] = accesses.Length;
    }

    public ReadOnlySpan<WindowAccess> Log(int slot) => _logs[slot].AsSpan(0, _counts[slot]);
}
