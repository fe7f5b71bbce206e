using System.Net.Sockets;
using System.Text;
using KnockSensor.Daemon;

namespace KnockSensor.Tests.Daemon;

/// <summary>sd_notify datagrams reach a real Unix socket, as systemd's would.</summary>
public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("knocksensor-notify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Ready_stopping_and_the_watchdog_arrive_as_datagrams()
    {
        var path = Path.Combine(_directory, "notify");
        using var systemd = Listen(path);
        using var notifier = new SystemdNotifier(path, watchdogMicroseconds: 10_000_000);

        notifier.Ready();
        notifier.WatchdogTick(nowMilliseconds: 1_000);
        notifier.WatchdogTick(nowMilliseconds: 5_000);   // inside half the interval: no ping
        notifier.WatchdogTick(nowMilliseconds: 6_001);   // past it
        notifier.Stopping();

        Assert.Equal(["READY=1\nSTATUS=capturing", "WATCHDOG=1", "WATCHDOG=1", "STOPPING=1"], Receive(systemd, 4));
    }

    [Fact]
    public void An_abstract_socket_name_starting_with_at_works()
    {
        var name = $"knocksensor-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name, 0);

        Assert.True(notifier.Notify("READY=1"));

        Assert.Equal(["READY=1"], Receive(systemd, 1));
    }

    [Fact]
    public void Outside_systemd_nothing_is_sent()
    {
        using var notifier = new SystemdNotifier(null, 0);

        Assert.False(notifier.Enabled);
        Assert.False(notifier.Notify("READY=1"));
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static List<string> Receive(Socket socket, int count)
    {
        socket.ReceiveTimeout = 5000;
        var buffer = new byte[4096];
        var messages = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var n = socket.Receive(buffer);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return messages;
    }
}
