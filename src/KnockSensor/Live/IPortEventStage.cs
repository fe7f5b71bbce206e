using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// Everything a live run does with a decoded port event after capture: the one seam where detection stages attach.
/// Called on the single merging thread, in timestamp order.
/// </summary>
public interface IPortEventStage
{
    void Add(in PortEvent portEvent);

    /// <summary>End of the run: close open windows and bins.</summary>
    void Flush();
}
