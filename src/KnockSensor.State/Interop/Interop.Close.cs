using System.Runtime.InteropServices;

namespace KnockSensor.State;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int close(int fd)</c>. Never retried on EINTR: on Linux the descriptor is gone either way.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);
    }
}
