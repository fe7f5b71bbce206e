using System.Runtime.InteropServices;

namespace KnockSensor.State;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int fsync(int fd)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fsync", SetLastError = true)]
        public static partial int Fsync(int fd);
    }
}
