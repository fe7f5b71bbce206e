using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>unsigned if_nametoindex(const char *name)</c>; 0 and errno (ENODEV) when there is no such interface.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial uint IfNameToIndex(string name);
    }
}
