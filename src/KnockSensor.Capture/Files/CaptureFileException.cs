using System.Globalization;

namespace KnockSensor.Capture.Files;

/// <summary>
/// A capture input cannot be opened, or does not start like a capture file. Damage found while reading is not an
/// exception: it is reported in <see cref="CaptureReadResult.Error"/>.
/// </summary>
public sealed class CaptureFileException : Exception
{
    public CaptureFileException(string path, long offset, string reason, Exception? innerException = null)
        : base(FormatMessage(path, offset, reason), innerException)
    {
        Path = path;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The input as the user named it (<c>-</c> for stdin).</summary>
    public string Path { get; }

    /// <summary>Byte offset the problem was found at, or -1 when the input could not be opened at all.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, in a few words.</summary>
    public string Reason { get; }

    // One line, whatever the reason carries: messages end up in logs and on the terminal.
    private static string FormatMessage(string path, long offset, string reason)
    {
        string oneLine = reason.ReplaceLineEndings(" ");
        return offset < 0
            ? $"{path}: {oneLine}"
            : $"{path}: offset {offset.ToString(CultureInfo.InvariantCulture)}: {oneLine}";
    }
}
