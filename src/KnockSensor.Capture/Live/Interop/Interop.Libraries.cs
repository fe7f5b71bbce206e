namespace KnockSensor.Capture.Live;

/// <summary>Native entry points of the live capture backends, one file per function (dotnet/runtime's layout).</summary>
internal static partial class Interop
{
    /// <summary>Library names in one place.</summary>
    internal static class Libraries
    {
        /// <summary>
        /// glibc by its soname: the bare "libc" would make the loader try <c>libc.so</c>, which on Debian is a linker
        /// script, not a library.
        /// </summary>
        public const string Libc = "libc.so.6";

        /// <summary>libpcap by its Debian soname (package libpcap0.8), the library SharpPcap loads too.</summary>
        public const string Pcap = "libpcap.so.0.8";
    }
}
