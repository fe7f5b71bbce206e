using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SharpPcap;
using SharpPcap.LibPcap;

namespace KnockSensor.Capture.Live;

/// <summary>
/// Live capture through libpcap (SharpPcap's <see cref="LibPcapLiveDevice"/>): the portable fallback, and the way to
/// capture <c>-i any</c>. Frames are read with <c>GetNextPacketPointers</c> (pcap_next_ex), a span over libpcap's own
/// buffer; SharpPcap's event API and its per-packet objects are not used.
/// </summary>
public sealed unsafe class LibPcapSource : ILiveCaptureSource
{
    private const int PacketRead = 1;
    private const int NoneReady = 0;

    /// <summary>Frames handed over per <see cref="Dispatch"/> at most, so the capture thread looks up now and then.</summary>
    private const int MaxFramesPerDispatch = 4096;

    private readonly LibPcapLiveDevice _device;
    private readonly bool _nanosecondTimestamps;
    private readonly int _selectableFd;
    private CaptureStatistics _kernel;

    private LibPcapSource(LibPcapLiveDevice device, bool nanosecondTimestamps, int selectableFd)
    {
        _device = device;
        _nanosecondTimestamps = nanosecondTimestamps;
        _selectableFd = selectableFd;
        InterfaceName = device.Name;
        LinkType = (LinkType)(uint)device.LinkType;
    }

    public string InterfaceName { get; }

    public LinkType LinkType { get; }

    /// <summary>Opens and activates <paramref name="interfaceName"/> (or <c>any</c>) and sets <paramref name="filter"/>.</summary>
    public static LibPcapSource Open(string interfaceName, LibPcapOptions options, string? filter = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        LibPcapLiveDevice? device = null;
        foreach (var candidate in LibPcapLiveDeviceList.New())
        {
            if (candidate.Name == interfaceName)
            {
                device = candidate;
            }
            else
            {
                candidate.Dispose();
            }
        }

        if (device is null)
        {
            throw new LiveCaptureException($"libpcap knows no capture device named '{interfaceName}'");
        }

        try
        {
            var nanoseconds = true;
            var configuration = new DeviceConfiguration
            {
                Snaplen = options.SnapLength,
                Mode = options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                ReadTimeout = options.ReadTimeoutMilliseconds,
                BufferSize = options.BufferSize,
                Immediate = options.Immediate,
                TimestampResolution = TimestampResolution.Nanosecond,
            };
            configuration.ConfigurationFailed += (_, failure) =>
            {
                // Nanosecond stamps are optional (pcap_set_tstamp_precision); the rest is not.
                if (failure.Property == nameof(DeviceConfiguration.TimestampResolution))
                {
                    nanoseconds = false;
                    return;
                }

                throw new LiveCaptureException($"libpcap refused {failure.Property} on {interfaceName}: {failure.Error}");
            };
            device.Open(configuration);
            if (!string.IsNullOrWhiteSpace(filter))
            {
                device.Filter = filter;
            }

            // Non-blocking reads plus our own poll: with TPACKET_V3 a blocking pcap_next_ex waits for traffic with no
            // time limit (libpcap polls forever and lets the kernel's block timer wake it, which never fires on an
            // idle link), so the capture thread would never see a stop request.
            device.NonBlockingMode = true;
            var fd = Interop.Pcap.GetSelectableFd(device.Handle.DangerousGetHandle());
            if (fd < 0)
            {
                throw new LiveCaptureException($"libpcap offers no pollable descriptor for {interfaceName}");
            }

            return new LibPcapSource(device, nanoseconds && device.TimestampResolution == TimestampResolution.Nanosecond, fd);
        }
        catch (PcapException e)
        {
            device.Dispose();
            throw new LiveCaptureException($"libpcap could not capture on {interfaceName}: {e.Message}", e);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public int Dispatch<TSink>(ref TSink sink, int timeoutMilliseconds)
        where TSink : struct, IFrameSink
    {
        var frames = ReadAvailable(ref sink);
        if (frames > 0 || timeoutMilliseconds == 0)
        {
            return frames;
        }

        var poll = new Interop.PollFd { Fd = _selectableFd, Events = Interop.Libc.PollIn };
        if (Interop.Libc.Poll(&poll, 1, timeoutMilliseconds) <= 0)
        {
            // Timeout, or EINTR: either way the caller looks at its stop signal and comes back.
            return 0;
        }

        return ReadAvailable(ref sink);
    }

    private int ReadAvailable<TSink>(ref TSink sink)
        where TSink : struct, IFrameSink
    {
        var frames = 0;
        nint header = 0;
        nint data = 0;
        while (frames < MaxFramesPerDispatch)
        {
            // pcap_next_ex: 1 = a frame, 0 = none ready (non-blocking), negative = error.
            var status = _device.GetNextPacketPointers(ref header, ref data);
            if (status != PacketRead)
            {
                return status == NoneReady ? frames : ReadFailed(status);
            }

            Deliver((PcapPacketHeader*)header, (byte*)data, ref sink);
            frames++;
        }

        return frames;
    }

    /// <summary>
    /// The kernel's counters of libpcap's own AF_PACKET socket (PACKET_STATISTICS, reset on read, accumulated here).
    /// Not pcap_stats: read through SharpPcap its drop count stayed 0 in a run that lost 87,435 frames, and calling it
    /// would reset the very counter read here (it reads PACKET_STATISTICS too). Interface drops are not known (0).
    /// </summary>
    public CaptureStatistics UpdateStatistics()
    {
        Interop.TPacketStatsV3 stats = default;
        var length = (uint)sizeof(Interop.TPacketStatsV3);

        // TPACKET_V2 (libpcap's immediate mode) fills the first two fields; V3 all three.
        if (Interop.Libc.GetSockOpt(_selectableFd, Interop.Libc.SolPacket, Interop.Libc.PacketStatistics, &stats, &length) == 0)
        {
            _kernel += new CaptureStatistics(stats.Packets, stats.Drops, 0);
        }

        return _kernel;
    }

    public void Dispose() => _device.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver<TSink>(PcapPacketHeader* header, byte* data, ref TSink sink)
        where TSink : struct, IFrameSink
    {
        var fraction = _nanosecondTimestamps ? header->Fraction : header->Fraction * 1000;
        var info = new FrameInfo((header->Seconds * 1_000_000_000L) + fraction, (int)header->Length, LinkType);
        sink.OnFrame(info, new ReadOnlySpan<byte>(data, (int)header->CapturedLength));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ReadFailed(int status) =>
        throw new LiveCaptureException($"libpcap stopped reading {InterfaceName} (pcap_next_ex {status}): {_device.LastError}");

    /// <summary><c>struct pcap_pkthdr</c> on 64-bit Linux: a timeval, then captured and wire lengths.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PcapPacketHeader
    {
        public long Seconds;

        /// <summary>Microseconds, or nanoseconds when the handle was opened with nanosecond precision.</summary>
        public long Fraction;
        public uint CapturedLength;
        public uint Length;
    }
}
