using BenchmarkDotNet.Attributes;
using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Benchmarks.Decode;

/// <summary>
/// Decode cost per frame (each invocation decodes <see cref="Batch"/> frames; results are per frame through
/// <c>OperationsPerInvoke</c>). Budget: ≤ 15 ns and 0 B per frame.
/// </summary>
public class DecodeBenchmarks
{
    /// <summary>Frames decoded per benchmark invocation.</summary>
    public const int Batch = 1024;

    private byte[] _syn = [];
    private FrameInfo _synInfo;
    private byte[][] _mixed = [];
    private FrameInfo[] _mixedInfo = [];

    [GlobalSetup]
    public void Setup()
    {
        (_syn, _synInfo) = BenchFrames.TcpSyn64();
        var mixed = BenchFrames.Mixed();
        foreach (var (bytes, info) in mixed.Append((_syn, _synInfo)))
        {
            // A benchmark over frames the decoder rejects would measure the wrong path.
            if (FrameDecoder.Decode(bytes, info, out _, out var reason) == DecodeStatus.Malformed)
            {
                throw new InvalidOperationException($"benchmark frame rejected as {reason}: {Convert.ToHexString(bytes)}");
            }
        }

        // Lay the mixed set out as one batch so the loop has no modulo: each frame appears Batch / count times.
        _mixed = new byte[Batch][];
        _mixedInfo = new FrameInfo[Batch];
        for (var i = 0; i < Batch; i++)
        {
            (_mixed[i], _mixedInfo[i]) = mixed[i % mixed.Length];
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int TcpSyn64Bytes()
    {
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            FrameDecoder.Decode(_syn, _synInfo, out var portEvent, out _);
            sum += portEvent.DestinationPort;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int MixedFrames()
    {
        var sum = 0;
        var frames = _mixed;
        var infos = _mixedInfo;
        for (var i = 0; i < frames.Length; i++)
        {
            FrameDecoder.Decode(frames[i], infos[i], out var portEvent, out _);
            sum += portEvent.DestinationPort;
        }

        return sum;
    }
}
