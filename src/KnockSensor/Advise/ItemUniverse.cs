using System.Collections;
using KnockSensor.Windowing;

namespace KnockSensor.Advise;

/// <summary>u of the paper: the distinct items (protocol, port) that occur in any window.</summary>
public sealed class ItemUniverse : IWindowSink
{
    private readonly BitArray _seen = new(KnockItem.Count);

    /// <summary>Distinct items seen so far.</summary>
    public long Count { get; private set; }

    public void OnWindowClosed(PortWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        foreach (var item in window.Items)
        {
            if (!_seen[item.Value])
            {
                _seen[item.Value] = true;
                Count++;
            }
        }
    }
}
