namespace KnockSensor.Capture.Files;

/// <summary>What one <see cref="CaptureFileReader.ReadAll{TSink}(ref TSink)"/> delivered.</summary>
/// <param name="Frames">Frames handed to the sink.</param>
/// <param name="CapturedBytes">Sum of the captured lengths of those frames.</param>
/// <param name="Error">Why reading stopped early, or <see langword="null"/> when the whole capture was read.</param>
public readonly record struct CaptureReadResult(long Frames, long CapturedBytes, CaptureError? Error);
