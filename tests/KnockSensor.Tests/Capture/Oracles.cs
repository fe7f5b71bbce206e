using System.Globalization;
using KnockSensor.Capture;
using SharpPcap;
using SharpPcap.LibPcap;

namespace KnockSensor.Tests.Capture;

/// <summary>Independent readers of the same files: SharpPcap (libpcap underneath) and tshark.</summary>
internal static class Oracles
{
    /// <summary>
    /// Every frame libpcap reads from <paramref name="path"/>, with nanosecond timestamps. libpcap reports neither
    /// pcapng interface indexes nor per-interface link types, so those are 0 and the file's link type.
    /// </summary>
    public static List<CapturedFrame> SharpPcap(string path)
    {
        using var device = new CaptureFileReaderDevice(path);
        device.Open(new DeviceConfiguration { TimestampResolution = TimestampResolution.Nanosecond });
        var linkType = (LinkType)(uint)device.LinkType;
        var frames = new List<CapturedFrame>();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            var header = (PcapHeader)capture.Header;
            var nanoseconds = (long)(header.Timeval.Value * 1_000_000_000m);
            frames.Add(new CapturedFrame(nanoseconds, (int)header.PacketLength, linkType, 0, capture.Data.ToArray()));
        }

        return frames;
    }

    /// <summary>What tshark says about each frame: interface id, timestamp, wire and captured length.</summary>
    public static List<(int Interface, long TimestampNs, int WireLength, int CapturedLength)> Tshark(string path)
    {
        var output = Tools.Run(
            "tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=,",
            "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len");
        var frames = new List<(int, long, int, int)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(',');
            var epoch = decimal.Parse(fields[1], CultureInfo.InvariantCulture);
            frames.Add((
                fields[0].Length == 0 ? 0 : int.Parse(fields[0], CultureInfo.InvariantCulture),
                (long)(epoch * 1_000_000_000m),
                int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture)));
        }

        return frames;
    }
}
