using System.IO.Compression;

namespace KnockSensor.Capture.Files;

/// <summary>Turns what the user passed to <c>-r</c> into the capture files to read.</summary>
public static class CaptureInputs
{
    /// <summary>
    /// A file (or <c>-</c>, or a path that does not exist, which <see cref="CaptureFileReader.Open(string)"/> will
    /// report) stands for itself; a directory stands for the capture files directly inside it, in ordinal name
    /// order, recognised by their magic numbers (gzip files by what they decompress to).
    /// </summary>
    public static IReadOnlyList<string> Expand(string path) => Expand(path, out _);

    /// <inheritdoc cref="Expand(string)"/>
    /// <param name="path">A capture file, a directory of them, or <c>-</c> for stdin.</param>
    /// <param name="skipped">
    /// Entries of the directory that were not taken: files that are not captures, and subdirectories (which are
    /// not descended into), in ordinal name order. Empty when <paramref name="path"/> is not a directory.
    /// </param>
    public static IReadOnlyList<string> Expand(string path, out IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == CaptureFileReader.StandardInputPath || !Directory.Exists(path))
        {
            skipped = [];
            return [path];
        }

        string[] entries = Directory.GetFileSystemEntries(path);
        Array.Sort(entries, (a, b) => string.CompareOrdinal(System.IO.Path.GetFileName(a), System.IO.Path.GetFileName(b)));
        var captures = new List<string>();
        var others = new List<string>();
        foreach (string entry in entries)
        {
            (IsCapture(entry) ? captures : others).Add(entry);
        }

        skipped = others;
        return captures;
    }

    /// <summary>Whether a file starts with a pcap or pcapng magic number, directly or after gzip decompression.</summary>
    public static bool IsCapture(string file)
    {
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            Span<byte> head = stackalloc byte[CaptureMagic.Length];
            DetectedContainer container = CaptureMagic.Detect(head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
            if (container != DetectedContainer.Gzip)
            {
                return container is DetectedContainer.Pcap or DetectedContainer.PcapNg;
            }

            stream.Position = 0;
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            container = CaptureMagic.Detect(head[..gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
            return container is DetectedContainer.Pcap or DetectedContainer.PcapNg;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Unreadable or not really gzip: not something to read as a capture.
            return false;
        }
    }
}
