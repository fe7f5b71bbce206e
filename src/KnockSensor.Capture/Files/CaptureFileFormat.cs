namespace KnockSensor.Capture.Files;

/// <summary>The container format of a capture file, decided by its magic number (never by its name).</summary>
public enum CaptureFileFormat
{
    /// <summary>Classic libpcap format: microsecond or nanosecond timestamps, either byte order.</summary>
    Pcap,

    /// <summary>pcapng: sections, interfaces with their own link types and timestamp resolutions.</summary>
    PcapNg,
}
