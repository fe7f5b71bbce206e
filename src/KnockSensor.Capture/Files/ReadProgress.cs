namespace KnockSensor.Capture.Files;

/// <summary>
/// Running totals of one read, and the first fault found. Owned by one read on one thread; the parsers add to it
/// once per buffer they consume, not once per frame.
/// </summary>
internal struct ReadProgress
{
    public long Frames;
    public long CapturedBytes;

    /// <summary>Offset of the damaged record; meaningful once <see cref="FaultReason"/> is set.</summary>
    public long FaultOffset;

    /// <summary>Why parsing stopped, or <see langword="null"/> while the input is sound.</summary>
    public string? FaultReason;

    public readonly bool Faulted => FaultReason is not null;

    public void Fail(long offset, string reason)
    {
        FaultOffset = offset;
        FaultReason = reason;
    }

    /// <summary>The result of a read that reached the end of the input.</summary>
    public readonly CaptureReadResult Completed() => new(Frames, CapturedBytes, null);

    /// <summary>The result of a read that stopped at damage: everything before it still counts.</summary>
    public readonly CaptureReadResult Damaged(string path, long offset, string reason) =>
        new(Frames, CapturedBytes, new CaptureError(path, offset, reason));
}
