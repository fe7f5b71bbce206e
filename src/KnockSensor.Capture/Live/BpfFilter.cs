using System.Runtime.InteropServices;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace KnockSensor.Capture.Live;

/// <summary>
/// A tcpdump-syntax filter compiled to classic BPF by libpcap's own compiler (through SharpPcap, on a dead handle),
/// kept as a copy of the instructions so it can be attached to any number of AF_PACKET sockets.
/// </summary>
/// <remarks>
/// Compiled without a live handle, libpcap does not know the kernel strips the outer VLAN tag before the socket filter
/// runs, so <c>vlan</c> primitives match only tags still inside the frame (inner tags); docs/live-capture.md says so.
/// </remarks>
public sealed class BpfFilter
{
    private readonly Interop.SockFilter[] _instructions;

    private BpfFilter(string expression, Interop.SockFilter[] instructions)
    {
        Expression = expression;
        _instructions = instructions;
    }

    /// <summary>The filter as the user wrote it.</summary>
    public string Expression { get; }

    /// <summary>Number of BPF instructions.</summary>
    public int Length => _instructions.Length;

    /// <summary>
    /// Compiles <paramref name="expression"/> for frames of <paramref name="linkType"/>; throws
    /// <see cref="LiveCaptureException"/> with libpcap's message when it is not a valid filter.
    /// </summary>
    public static unsafe BpfFilter Compile(string expression, LinkType linkType)
    {
        ArgumentNullException.ThrowIfNull(expression);
        BpfProgram program;
        try
        {
            program = BpfProgram.Create((LinkLayers)linkType, expression);
        }
        catch (PcapException e)
        {
            throw new LiveCaptureException($"bad capture filter '{expression}': {e.Message}", e);
        }

        using (program)
        {
            // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }; struct bpf_insn has sock_filter's layout.
            var native = (BpfProgramHeader*)program.DangerousGetHandle();
            var instructions = new ReadOnlySpan<Interop.SockFilter>(native->Instructions, checked((int)native->Length)).ToArray();
            if (instructions.Length is 0 or > ushort.MaxValue)
            {
                throw new LiveCaptureException($"capture filter '{expression}' compiled to {instructions.Length} instructions");
            }

            return new BpfFilter(expression, instructions);
        }
    }

    /// <summary>Attaches the program to <paramref name="socket"/> (SO_ATTACH_FILTER; the kernel copies it).</summary>
    internal unsafe void AttachTo(PacketSocketHandle socket)
    {
        fixed (Interop.SockFilter* code = _instructions)
        {
            var program = new Interop.SockFprog { Length = (ushort)_instructions.Length, Filter = code };
            if (Interop.Libc.SetSockOpt(socket.Fd, Interop.Libc.SolSocket, Interop.Libc.SoAttachFilter, &program, (uint)sizeof(Interop.SockFprog)) != 0)
            {
                throw LiveCaptureException.FromErrno($"attaching the capture filter '{Expression}'", Interop.Errno.Last);
            }
        }
    }

    /// <summary>The compiled instructions (for tests).</summary>
    internal ReadOnlySpan<Interop.SockFilter> Instructions => _instructions;

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct BpfProgramHeader
    {
        public uint Length;
        public Interop.SockFilter* Instructions;
    }
}
