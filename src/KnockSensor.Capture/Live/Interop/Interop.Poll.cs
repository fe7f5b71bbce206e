using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    internal static partial class Libc
    {
        public const short PollIn = 0x001;
        public const short PollErr = 0x008;
        public const short PollHup = 0x010;
        public const short PollNval = 0x020;

        /// <summary><c>int poll(struct pollfd *fds, nfds_t n, int timeout_ms)</c>.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
        public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
