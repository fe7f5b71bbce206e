namespace KnockSensor.Capture;

/// <summary>
/// Receives frames from a capture source, synchronously, on the source's thread.
/// </summary>
/// <remarks>
/// Sources take the sink as a generic struct (<c>where TSink : struct, IFrameSink</c>, passed by <c>ref</c>) so
/// the call is direct and can be inlined: no interface dispatch and no allocation per frame. The span is only
/// valid during the call; it points into the source's buffer (a memory-mapped file or a kernel ring).
/// </remarks>
public interface IFrameSink
{
    /// <summary>Handles one frame. Must not throw for any content of <paramref name="frame"/>.</summary>
    void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame);
}
