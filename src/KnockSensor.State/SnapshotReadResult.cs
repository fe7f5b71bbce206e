namespace KnockSensor.State;

/// <summary>What reading the snapshot file gave: a body to restore, no file, or a reason the file cannot be used.</summary>
public sealed record SnapshotReadResult(SnapshotStatus Status, string Reason, ArraySegment<byte> Body)
{
    public static SnapshotReadResult Missing { get; } = new(SnapshotStatus.Missing, "no snapshot", default);

    public static SnapshotReadResult Ok(ArraySegment<byte> body) => new(SnapshotStatus.Ok, "", body);

    public static SnapshotReadResult Corrupt(string reason) => new(SnapshotStatus.Corrupt, reason, default);

    public static SnapshotReadResult Incompatible(string reason) => new(SnapshotStatus.Incompatible, reason, default);

    public static SnapshotReadResult Unreadable(string reason) => new(SnapshotStatus.Unreadable, reason, default);
}

public enum SnapshotStatus
{
    Ok,
    Missing,

    /// <summary>Damaged: wrong magic, cut short, checksum mismatch, contents that make no sense.</summary>
    Corrupt,

    /// <summary>Intact but not for this build or these options: another schema version, other state-shaping options.</summary>
    Incompatible,

    /// <summary>The file exists but could not be read (permissions, I/O error).</summary>
    Unreadable,
}
