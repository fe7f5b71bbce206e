namespace KnockSensor.Capture.Files;

/// <summary>How a capture's bytes reach the parser. Every access delivers the same frames and the same damage.</summary>
public enum CaptureFileAccess
{
    /// <summary>
    /// Positional reads of a regular file into one reusable buffer, parsed in place. The default for files: on the
    /// virtual machines sensors often run on, copying from the page cache beats touching a large mapping page by
    /// page (see bench/RESULTS.md).
    /// </summary>
    Buffered,

    /// <summary>The regular file is memory-mapped and parsed where it lies, without a copy.</summary>
    MemoryMapped,

    /// <summary>Through a pipe reader: standard input, FIFOs and gzip-compressed files always take this path.</summary>
    Streamed,
}
