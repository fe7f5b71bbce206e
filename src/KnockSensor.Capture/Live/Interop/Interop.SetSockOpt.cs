using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        public const int SolSocket = 1;
        public const int SoAttachFilter = 26;

        /// <summary><c>int setsockopt(int fd, int level, int name, const void *value, socklen_t len)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
        public static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint valueLength);
    }
}
