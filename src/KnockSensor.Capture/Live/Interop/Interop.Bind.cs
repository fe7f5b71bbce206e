using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>int bind(int fd, const struct sockaddr *addr, socklen_t len)</c> with an AF_PACKET address.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
        public static unsafe partial int Bind(int fd, SockAddrLl* address, uint addressLength);
    }
}
