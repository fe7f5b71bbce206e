using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        public const int ProtRead = 1;
        public const int ProtWrite = 2;
        public const int MapShared = 1;

        /// <summary>What mmap returns on failure.</summary>
        public static readonly nint MapFailed = -1;

        /// <summary><c>void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
        public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);
    }
}
