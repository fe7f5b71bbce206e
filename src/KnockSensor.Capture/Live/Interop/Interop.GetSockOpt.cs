using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int getsockopt(int fd, int level, int name, void *value, socklen_t *len)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
        public static unsafe partial int GetSockOpt(int fd, int level, int name, void* value, uint* valueLength);
    }
}
