namespace KnockSensor.Windowing;

/// <summary>Receives each window when it closes.</summary>
public interface IWindowSink
{
    /// <summary>
    /// Called on the windowing thread when <paramref name="window"/> is complete. The window is only valid during the
    /// call: the windower clears and refills it afterwards, so copy what must outlive the call.
    /// </summary>
    void OnWindowClosed(PortWindow window);
}
