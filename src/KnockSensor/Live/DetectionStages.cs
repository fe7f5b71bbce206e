using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Live;

/// <summary>
/// The stages after decode in a live run, in the order they run; today the optional <see cref="PortWindower"/>,
/// exactly what <c>Offline/DecodingSink</c> feeds. Later stages attach here.
/// </summary>
public sealed class DetectionStages(PortWindower? windower) : IPortEventStage
{
    public PortWindower? Windower { get; } = windower;

    public void Add(in PortEvent portEvent) => Windower?.Add(portEvent);

    public void Flush() => Windower?.Flush();
}
