using System.Runtime.InteropServices;

namespace KnockSensor.Capture.Live;

/// <summary>An AF_PACKET socket descriptor, closed exactly once.</summary>
internal sealed class PacketSocketHandle : SafeHandle
{
    public PacketSocketHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle < 0;

    public int Fd => (int)handle;

    public static PacketSocketHandle FromFd(int fd)
    {
        var socket = new PacketSocketHandle();
        socket.SetHandle(fd);
        return socket;
    }

    // Never retried on EINTR: Linux releases the descriptor even when close reports EINTR.
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
