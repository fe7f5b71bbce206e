using System.Runtime.InteropServices;

namespace KnockSensor;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>uid_t geteuid(void)</c>: never fails.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
        public static partial uint GetEuid();
    }
}
