using System.Runtime.InteropServices;

namespace KnockSensor.State;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>O_RDONLY: a directory can be opened read-only, which is all fsync needs.</summary>
        public const int ReadOnly = 0;

        /// <summary>O_CLOEXEC (the same value on every Linux architecture .NET runs on).</summary>
        public const int CloseOnExec = 0x80000;

        /// <summary><c>int open(const char *path, int flags)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);
    }
}
