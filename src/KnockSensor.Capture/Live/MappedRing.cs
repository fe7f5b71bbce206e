using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

/// <summary>The memory mapping of a PACKET_RX_RING, unmapped exactly once.</summary>
internal sealed class MappedRing : SafeHandle
{
    private readonly nuint _length;

    private MappedRing(nint address, nuint length)
        : base(Interop.Libc.MapFailed, ownsHandle: true)
    {
        _length = length;
        SetHandle(address);
    }

    public override bool IsInvalid => handle == Interop.Libc.MapFailed || handle == 0;

    public nint Address => handle;

    /// <summary>Maps <paramref name="length"/> bytes of the socket's ring, shared with the kernel.</summary>
    public static MappedRing Map(PacketSocketHandle socket, nuint length)
    {
        var address = Interop.Libc.Mmap(0, length, Interop.Libc.ProtRead | Interop.Libc.ProtWrite, Interop.Libc.MapShared, socket.Fd, 0);
        if (address == Interop.Libc.MapFailed)
        {
            throw LiveCaptureException.FromErrno("mmap of the packet ring", Interop.Errno.Last);
        }

        return new MappedRing(address, length);
    }

    protected override bool ReleaseHandle() => Interop.Libc.Munmap(handle, _length) == 0;
}
