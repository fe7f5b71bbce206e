using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using System.IO.Pipelines;

namespace KnockSensor.Capture.Files;

/// <summary>
/// Reads a pcap or pcapng capture, plain or gzip-compressed, from a file or a stream (stdin), and hands every
/// frame to a sink. Regular uncompressed files are read into a reusable buffer (or, on request, memory-mapped) and
/// parsed in place; everything else streams through a <see cref="PipeReader"/>. Every path shares the same parsers
/// and delivers the same frames (<see cref="CaptureFileAccess"/>).
/// </summary>
/// <remarks>
/// Not thread-safe, except <see cref="BytesConsumed"/>, which a progress display may read from any thread.
/// </remarks>
public sealed class CaptureFileReader : IDisposable
{
    /// <summary>The path that names standard input.</summary>
    public const string StandardInputPath = "-";

    internal const int PipeBufferSize = 64 * 1024;

    internal static readonly StreamPipeReaderOptions PipeOptions = new(bufferSize: PipeBufferSize, minimumReadSize: PipeBufferSize / 4, leaveOpen: false);

    private readonly FileStream? _file;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long _fileLength;
    private readonly PipeReader? _pipe;
    private readonly CountingStream? _counter;
    private long _bytesConsumed;
    private bool _read;
    private bool _disposed;

    private CaptureFileReader(string path, CaptureFileFormat format, bool compressed, long? totalBytes, MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        Path = path;
        Format = format;
        Compressed = compressed;
        TotalBytes = totalBytes;
        _map = map;
        _view = view;
        _fileLength = length;
        Access = CaptureFileAccess.MemoryMapped;
    }

    private CaptureFileReader(string path, CaptureFileFormat format, long length, FileStream file)
    {
        Path = path;
        Format = format;
        TotalBytes = length;
        _file = file;
        _fileLength = length;
        Access = CaptureFileAccess.Buffered;
    }

    private CaptureFileReader(string path, CaptureFileFormat format, bool compressed, long? totalBytes, PipeReader pipe, CountingStream counter)
    {
        Path = path;
        Format = format;
        Compressed = compressed;
        TotalBytes = totalBytes;
        _pipe = pipe;
        _counter = counter;
        Access = CaptureFileAccess.Streamed;
    }

    /// <summary>The input as the user named it (<c>-</c> for stdin).</summary>
    public string Path { get; }

    public CaptureFileFormat Format { get; }

    /// <summary>Whether the capture is gzip-compressed (error offsets then count decompressed bytes).</summary>
    public bool Compressed { get; }

    /// <summary>Length of the file on disk (the compressed size for gzip); <see langword="null"/> for streams.</summary>
    public long? TotalBytes { get; }

    /// <summary>
    /// Bytes of the underlying file or stream consumed so far (compressed bytes for gzip). Updated at least every
    /// mebibyte; safe to read from another thread.
    /// </summary>
    public long BytesConsumed => _counter?.BytesRead ?? Volatile.Read(ref _bytesConsumed);

    /// <summary>How this reader gets the bytes: what was asked for, or streamed when the input cannot be read otherwise.</summary>
    public CaptureFileAccess Access { get; }

    /// <summary>
    /// Opens a capture file, or standard input for <c>-</c>, and recognises its format by its magic number.
    /// </summary>
    /// <param name="path">A capture file, or <c>-</c> for standard input.</param>
    /// <param name="fileAccess">
    /// How to read a regular uncompressed file. Standard input, FIFOs and gzip-compressed files are always streamed.
    /// </param>
    /// <exception cref="CaptureFileException">The input cannot be opened or does not start like a capture.</exception>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The stream is owned by the returned reader, or disposed when opening fails.")]
    public static CaptureFileReader Open(string path, CaptureFileAccess fileAccess = CaptureFileAccess.Buffered)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StandardInputPath)
        {
            return OpenStream(Console.OpenStandardInput(), path, totalBytes: null);
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CaptureFileException(path, -1, $"cannot open: {exception.Message}", exception);
        }

        try
        {
            return OpenFile(file, path, fileAccess);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a capture from a stream (stdin, a socket, a test's stream) through the streaming path. The reader
    /// owns the stream and disposes it.
    /// </summary>
    /// <param name="stream">The capture, read from its current position.</param>
    /// <param name="name">How errors name the input.</param>
    /// <exception cref="CaptureFileException">The stream does not start like a capture.</exception>
    public static CaptureFileReader Open(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        return OpenStream(stream, name, totalBytes: null);
    }

    /// <summary>
    /// Delivers every frame of the capture to <paramref name="sink"/>, in file order, synchronously on this
    /// thread. Damage ends the read; it is reported in the result, never thrown. Call once per reader.
    /// </summary>
    public CaptureReadResult ReadAll<TSink>(ref TSink sink)
        where TSink : struct, IFrameSink
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_read)
        {
            throw new InvalidOperationException("ReadAll may be called once per reader; open the capture again to re-read it.");
        }

        _read = true;
        if (_pipe is not null)
        {
            return Format == CaptureFileFormat.Pcap
                ? PipeCaptureDriver.Read<PcapRecordParser, TSink>(_pipe, Path, Compressed, ref sink)
                : PipeCaptureDriver.Read<PcapNgRecordParser, TSink>(_pipe, Path, Compressed, ref sink);
        }

        if (_file is not null)
        {
            return Format == CaptureFileFormat.Pcap
                ? BufferedCaptureDriver.Read<PcapRecordParser, TSink>(_file.SafeFileHandle, _fileLength, Path, ref _bytesConsumed, ref sink)
                : BufferedCaptureDriver.Read<PcapNgRecordParser, TSink>(_file.SafeFileHandle, _fileLength, Path, ref _bytesConsumed, ref sink);
        }

        return ReadMapped(ref sink);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view?.Dispose();
        _map?.Dispose();
        _file?.Dispose();
        _pipe?.Complete();
        _counter?.Dispose();
    }

    private unsafe CaptureReadResult ReadMapped<TSink>(ref TSink sink)
        where TSink : struct, IFrameSink
    {
        byte* start = null;
        var handle = _view!.SafeMemoryMappedViewHandle;
        handle.AcquirePointer(ref start);
        try
        {
            start += _view.PointerOffset;
            return Format == CaptureFileFormat.Pcap
                ? MappedCaptureDriver.Read<PcapRecordParser, TSink>(start, _fileLength, Path, ref _bytesConsumed, ref sink)
                : MappedCaptureDriver.Read<PcapNgRecordParser, TSink>(start, _fileLength, Path, ref _bytesConsumed, ref sink);
        }
        finally
        {
            handle.ReleasePointer();
        }
    }

    private static CaptureFileReader OpenFile(FileStream file, string path, CaptureFileAccess fileAccess)
    {
        // Pipes, FIFOs and character devices cannot be mapped or read by position: stream them.
        if (!file.CanSeek || fileAccess == CaptureFileAccess.Streamed)
        {
            return OpenStream(file, path, file.CanSeek ? file.Length : null);
        }

        long length = file.Length;
        Span<byte> head = stackalloc byte[CaptureMagic.Length];
        int headLength = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (headLength < CaptureMagic.Length)
        {
            throw new CaptureFileException(path, 0, CaptureMagic.DescribeTooShort(headLength));
        }

        CaptureFileFormat format;
        switch (CaptureMagic.Detect(head))
        {
            case DetectedContainer.Gzip:
                file.Position = 0;
                return OpenStream(file, path, length);
            case DetectedContainer.Pcap:
                format = CaptureFileFormat.Pcap;
                break;
            case DetectedContainer.PcapNg:
                format = CaptureFileFormat.PcapNg;
                break;
            default:
                throw new CaptureFileException(path, 0, CaptureMagic.DescribeUnknown(head, "file"));
        }

        if (fileAccess == CaptureFileAccess.Buffered)
        {
            return new CaptureFileReader(path, format, length, file);
        }

        var map = MemoryMappedFile.CreateFromFile(file, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new CaptureFileReader(path, format, compressed: false, length, map, view, length);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    private static CaptureFileReader OpenStream(Stream stream, string path, long? totalBytes)
    {
        var counter = new CountingStream(stream);
        PipeReader pipe = PipeReader.Create(counter, PipeOptions);
        try
        {
            DetectedContainer container = Peek(pipe, path, compressed: false);
            bool compressed = container == DetectedContainer.Gzip;
            if (compressed)
            {
                // The gzip layer reads from the first pipe, so the bytes already peeked at are not lost.
                pipe = PipeReader.Create(new GZipStream(pipe.AsStream(), CompressionMode.Decompress), PipeOptions);
                container = Peek(pipe, path, compressed: true);
            }

            CaptureFileFormat format = container switch
            {
                DetectedContainer.Pcap => CaptureFileFormat.Pcap,
                DetectedContainer.PcapNg => CaptureFileFormat.PcapNg,
                _ => throw new CaptureFileException(path, 0, "gzip inside gzip is not supported"),
            };
            return new CaptureFileReader(path, format, compressed, totalBytes, pipe, counter);
        }
        catch
        {
            pipe.Complete();
            counter.Dispose();
            throw;
        }
    }

    /// <summary>Looks at the first bytes of a pipe without consuming them.</summary>
    private static DetectedContainer Peek(PipeReader pipe, string path, bool compressed)
    {
        var what = compressed ? "gzip-compressed input" : "input";
        ReadResult result;
        try
        {
            ValueTask<ReadResult> pending = pipe.ReadAtLeastAsync(CaptureMagic.Length);
            result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            throw new CaptureFileException(path, 0, $"cannot read {what}: {exception.Message}", exception);
        }

        ReadOnlySequence<byte> buffer = result.Buffer;
        Span<byte> head = stackalloc byte[CaptureMagic.Length];
        int headLength = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, headLength).CopyTo(head);
        pipe.AdvanceTo(buffer.Start);
        if (headLength < CaptureMagic.Length)
        {
            throw new CaptureFileException(path, 0, CaptureMagic.DescribeTooShort(headLength, compressed));
        }

        DetectedContainer container = CaptureMagic.Detect(head);
        if (container == DetectedContainer.Unknown)
        {
            throw new CaptureFileException(path, 0, CaptureMagic.DescribeUnknown(head, what));
        }

        return container;
    }
}
