namespace KnockSensor.Capture.Files;

/// <summary>
/// Why reading stopped before the end of a capture: the file is truncated or corrupt at <paramref name="Offset"/>.
/// Every frame before that point was delivered.
/// </summary>
/// <param name="Path">The file as the user named it (<c>-</c> for stdin).</param>
/// <param name="Offset">
/// Byte offset of the damaged record (or file header). For gzip-compressed input it counts bytes of the
/// decompressed stream, and <paramref name="Reason"/> says so.
/// </param>
/// <param name="Reason">What is wrong, in a few words.</param>
public sealed record CaptureError(string Path, long Offset, string Reason)
{
    /// <summary>One line: <c>PATH: offset N: reason</c>.</summary>
    public override string ToString() => $"{Path}: offset {Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Reason}";
}
