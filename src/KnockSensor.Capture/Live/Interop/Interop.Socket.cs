using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        public const int AfPacket = 17;
        public const int SockRaw = 3;
        public const int SockCloexec = 0x80000;

        /// <summary><c>int socket(int domain, int type, int protocol)</c>; -1 and errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
        public static partial int Socket(int domain, int type, int protocol);
    }
}
