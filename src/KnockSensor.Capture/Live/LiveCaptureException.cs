namespace KnockSensor.Capture.Live;

/// <summary>
/// A live capture that cannot be opened or cannot go on. The message is one line for the operator, naming what
/// failed and, where it is known, how to fix it.
/// </summary>
public sealed class LiveCaptureException : Exception
{
    public LiveCaptureException()
    {
    }

    public LiveCaptureException(string message)
        : base(message)
    {
    }

    public LiveCaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the capture failed for want of CAP_NET_RAW.</summary>
    public bool MissingPrivilege { get; init; }

    /// <summary>What to tell an operator who lacks CAP_NET_RAW.</summary>
    public const string PrivilegeHint =
        "live capture needs the CAP_NET_RAW capability: run as root, grant it to the binary with 'setcap cap_net_raw+ep /usr/bin/knocksensor', or run the knocksensor systemd unit (AmbientCapabilities=CAP_NET_RAW)";

    internal static LiveCaptureException FromErrno(string operation, Interop.Errno errno) => errno.IsPermissionDenied
        ? new LiveCaptureException($"{PrivilegeHint} ({operation}: {errno.Message})") { MissingPrivilege = true }
        : new LiveCaptureException($"{operation} failed: {errno}");
}
