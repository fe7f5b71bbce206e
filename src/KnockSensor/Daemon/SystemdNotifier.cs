using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KnockSensor.Daemon;

/// <summary>
/// The sd_notify protocol without libsystemd: datagrams of "KEY=VALUE" lines to the socket in <c>$NOTIFY_SOCKET</c>
/// (a path, or an abstract name starting with '@'). READY=1 once capture runs (Type=notify), WATCHDOG=1 from the
/// housekeeping tick when <c>$WATCHDOG_USEC</c> is set, RELOADING=1/READY=1 around a reload, STOPPING=1 at the end.
/// Outside systemd every call does nothing.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private long _lastWatchdogMs = -1;

    public SystemdNotifier(string? notifySocket, long watchdogMicroseconds)
    {
        WatchdogMicroseconds = watchdogMicroseconds;
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        // An abstract socket name is written with a leading '@' and sent with a leading NUL.
        _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>The watchdog interval systemd expects pings within, or 0 when there is no watchdog.</summary>
    public long WatchdogMicroseconds { get; }

    public bool Enabled => _socket is not null;

    /// <summary>Reads <c>$NOTIFY_SOCKET</c>, <c>$WATCHDOG_USEC</c> and <c>$WATCHDOG_PID</c> (a watchdog meant for another process is ignored).</summary>
    public static SystemdNotifier FromEnvironment()
    {
        var watchdog = long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) ? usec : 0;
        var pidText = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pidText is not null && (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != Environment.ProcessId))
        {
            watchdog = 0;
        }

        return new SystemdNotifier(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), watchdog);
    }

    /// <summary>Sends <paramref name="state"/>; failures are ignored (a notification is never worth stopping capture for).</summary>
    public bool Notify(string state)
    {
        if (_socket is null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint!);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Ready() => Notify("READY=1\nSTATUS=capturing");

    public void Stopping() => Notify("STOPPING=1");

    public void Reloading() => Notify("RELOADING=1\nMONOTONIC_USEC=" + (Environment.TickCount64 * 1000).ToString(CultureInfo.InvariantCulture));

    /// <summary>Pings the watchdog at half its interval, as sd_watchdog_enabled(3) advises; cheap to call every tick.</summary>
    public void WatchdogTick(long nowMilliseconds)
    {
        if (WatchdogMicroseconds <= 0 || (_lastWatchdogMs >= 0 && nowMilliseconds - _lastWatchdogMs < WatchdogMicroseconds / 2000))
        {
            return;
        }

        _lastWatchdogMs = nowMilliseconds;
        Notify("WATCHDOG=1");
    }

    public void Dispose() => _socket?.Dispose();
}
