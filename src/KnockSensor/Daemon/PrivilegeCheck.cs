namespace KnockSensor.Daemon;

/// <summary>
/// The sensor needs CAP_NET_RAW and nothing else. Running as root works but gives a parser of hostile traffic every
/// privilege on the box, so it is worth a warning. Privileges are not dropped in-process: capabilities are per thread
/// and .NET starts threads before user code, so the unit (or setcap) must grant exactly what is needed.
/// </summary>
public static class PrivilegeCheck
{
    public const string RootWarning =
        "running as root; run as an unprivileged user with only CAP_NET_RAW instead (the packaged systemd unit does, or: setcap cap_net_raw+ep /usr/bin/knocksensor)";

    public static bool IsRoot => Interop.Libc.GetEuid() == 0;
}
