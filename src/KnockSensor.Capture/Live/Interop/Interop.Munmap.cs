using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int munmap(void *addr, size_t len)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
        public static partial int Munmap(nint address, nuint length);
    }
}
