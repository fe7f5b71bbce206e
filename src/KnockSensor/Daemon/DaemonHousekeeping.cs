using KnockSensor.Live;

namespace KnockSensor.Daemon;

/// <summary>The daemon's own periodic work: the systemd watchdog ping from the thread that runs the stages, so a stuck pipeline stops the pings.</summary>
public sealed class DaemonHousekeeping(SystemdNotifier notifier) : ILiveHousekeeping
{
    public void Tick(long nowNs) => notifier.WatchdogTick(Environment.TickCount64);

    public void Complete(long nowNs) => notifier.Stopping();
}
