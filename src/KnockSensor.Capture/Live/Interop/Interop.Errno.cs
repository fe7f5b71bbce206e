using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    /// <summary>
    /// An errno value as returned by a failed call: the raw code is kept, the text (strerror) is only formatted when
    /// someone reads it.
    /// </summary>
    internal readonly record struct Errno(int Code)
    {
        public const int Eperm = 1;
        public const int Eintr = 4;
        public const int Eagain = 11;
        public const int Eacces = 13;
        public const int Enodev = 19;
        public const int Einval = 22;
        public const int Enetdown = 100;

        /// <summary>The errno of the last P/Invoke declared with <c>SetLastError = true</c> on this thread.</summary>
        public static Errno Last => new(Marshal.GetLastPInvokeError());

        /// <summary>True for the two codes a missing CAP_NET_RAW produces.</summary>
        public bool IsPermissionDenied => Code is Eperm or Eacces;

        public string Message => Marshal.GetPInvokeErrorMessage(Code);

        public override string ToString() => $"{Message} (errno {Code})";
    }
}
