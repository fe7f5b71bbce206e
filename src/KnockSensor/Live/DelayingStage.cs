using System.Diagnostics;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// Test-only (<c>--consumer-delay-us</c>): wraps the stages and busy-waits after each event, so a test can make the
/// consumer slower than the traffic and check that the loss shows up in the kernel's drop counter.
/// </summary>
public sealed class DelayingStage(IPortEventSink inner, int delayMicroseconds) : IPortEventSink
{
    private readonly long _delayTicks = delayMicroseconds * Stopwatch.Frequency / 1_000_000;

    public void Add(in PortEvent portEvent)
    {
        inner.Add(portEvent);
        var until = Stopwatch.GetTimestamp() + _delayTicks;
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }

    public void Flush() => inner.Flush();
}
