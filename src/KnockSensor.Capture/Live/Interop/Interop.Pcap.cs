using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

internal static partial class Interop
{
    /// <summary>The one libpcap call SharpPcap does not expose.</summary>
    internal static partial class Pcap
    {
        /// <summary>
        /// <c>int pcap_get_selectable_fd(pcap_t *p)</c>: the descriptor to poll when the handle is non-blocking; -1 when
        /// the platform has none.
        /// </summary>
        [LibraryImport(Libraries.Pcap, EntryPoint = "pcap_get_selectable_fd")]
        public static partial int GetSelectableFd(nint handle);
    }
}
