using System.Runtime.InteropServices;

namespace KnockSensor.State;

/// <summary>
/// fsync on a directory: after <c>rename(2)</c> the new name is durable only once the directory itself is synced.
/// .NET has no API for it (<see cref="File.OpenHandle"/> refuses directories), hence the three libc calls.
/// </summary>
internal static class DirectorySync
{
    /// <summary>Syncs <paramref name="directory"/>; throws <see cref="IOException"/> with the errno on failure.</summary>
    public static void Sync(string directory)
    {
        var fd = Interop.Libc.Open(directory, Interop.Libc.ReadOnly | Interop.Libc.CloseOnExec);
        if (fd < 0)
        {
            ThrowErrno("open", directory);
        }

        try
        {
            if (Interop.Libc.Fsync(fd) != 0)
            {
                ThrowErrno("fsync", directory);
            }
        }
        finally
        {
            Interop.Libc.Close(fd);
        }
    }

    private static void ThrowErrno(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"{call} {directory}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
