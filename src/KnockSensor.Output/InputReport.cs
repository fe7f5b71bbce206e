namespace KnockSensor.Output;

/// <summary>What became of one input of a run: how much was read and, if it was damaged, where and why.</summary>
/// <param name="Path">The input as named by the user (a file path or "-").</param>
/// <param name="Frames">Frames delivered before the end or the damage.</param>
/// <param name="Bytes">Captured bytes delivered.</param>
/// <param name="ErrorOffset">Byte offset of the damage, or -1 when the input was read to its end.</param>
/// <param name="Error">Reason for stopping early, or null.</param>
public sealed record InputReport(string Path, long Frames, long Bytes, long ErrorOffset = -1, string? Error = null)
{
    public bool Failed => Error is not null;
}
