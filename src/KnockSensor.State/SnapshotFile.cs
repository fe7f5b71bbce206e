using System.Buffers.Binary;
using System.Text;

namespace KnockSensor.State;

/// <summary>
/// The snapshot file: a fixed header, the options description, then the stages' state.
/// <code>
/// offset  size  field
///      0     8  magic "KNKSTATE"
///      8     4  schema version (uint32 LE), <see cref="SchemaVersion"/>
///     12     8  options fingerprint (uint64 LE), <see cref="StateFingerprint.Hash"/>
///     20     4  description length D (int32 LE), at most <see cref="MaxDescriptionLength"/>
///     24     8  body length B (int64 LE)
///     32     4  CRC-32C of the description and the body (uint32 LE)
///     36     D  options description, UTF-8 (<see cref="StateFingerprint.Description"/>)
///   36+D     B  body: the stages' WriteState output
/// </code>
/// The file is exactly 36 + D + B bytes. Written to a temporary file in the same directory, fsynced, renamed over the
/// old one and the directory fsynced, so the name always points at a complete snapshot: the previous one or the new.
/// </summary>
public static class SnapshotFile
{
    /// <summary>
    /// The body's layout as a whole: raised with any stage's section version, so an older file is refused as
    /// incompatible by its header (2: accesses carry source ports, doors their shell connections).
    /// </summary>
    public const uint SchemaVersion = 2;

    public const int HeaderLength = 36;

    public const int MaxDescriptionLength = 4096;

    /// <summary>The suffix of the temporary file a write goes through before the rename.</summary>
    public const string TemporarySuffix = ".tmp";

    public static ReadOnlySpan<byte> Magic => "KNKSTATE"u8;

    /// <summary>Writes <paramref name="body"/> under <paramref name="path"/> atomically and durably; throws on any I/O failure.</summary>
    public static void WriteAtomic(string path, StateFingerprint fingerprint, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var description = Encoding.UTF8.GetBytes(fingerprint.Description);
        if (description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"the options description is {description.Length} bytes, at most {MaxDescriptionLength}", nameof(fingerprint));
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], SchemaVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], fingerprint.Hash);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], description.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, description), body)));

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var temporary = path + TemporarySuffix;
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                file.Write(header);
                file.Write(description);
                file.Write(body);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        DirectorySync.Sync(directory);
    }

    /// <summary>Reads and checks the file at <paramref name="path"/> against the options in use now.</summary>
    public static SnapshotReadResult Read(string path, StateFingerprint expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return SnapshotReadResult.Missing;
        }
        catch (DirectoryNotFoundException)
        {
            return SnapshotReadResult.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SnapshotReadResult.Unreadable($"cannot read it: {e.Message}");
        }

        return Check(bytes, expected);
    }

    /// <summary>Checks a whole snapshot held in memory; on success the result's body is a slice of <paramref name="bytes"/>.</summary>
    public static SnapshotReadResult Check(byte[] bytes, StateFingerprint expected)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(expected);
        if (bytes.Length == 0)
        {
            return SnapshotReadResult.Corrupt("the file is empty");
        }

        if (bytes.Length < HeaderLength)
        {
            return SnapshotReadResult.Corrupt($"the file is {bytes.Length} bytes, shorter than the {HeaderLength}-byte header");
        }

        var span = bytes.AsSpan();
        if (!span[..8].SequenceEqual(Magic))
        {
            return SnapshotReadResult.Corrupt("not a KnockSensor state snapshot (wrong magic)");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (version != SchemaVersion)
        {
            return SnapshotReadResult.Incompatible(version > SchemaVersion
                ? $"schema version {version} was written by a newer knocksensor; this one reads version {SchemaVersion}"
                : $"schema version {version} is older than the version {SchemaVersion} this knocksensor reads");
        }

        var hash = BinaryPrimitives.ReadUInt64LittleEndian(span[12..]);
        var descriptionLength = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(span[24..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[32..]);
        if (descriptionLength is < 0 or > MaxDescriptionLength || bodyLength < 0)
        {
            return SnapshotReadResult.Corrupt($"the header is damaged (description {descriptionLength} bytes, body {bodyLength} bytes)");
        }

        var expectedLength = HeaderLength + (long)descriptionLength + bodyLength;
        if (bytes.Length != expectedLength)
        {
            return SnapshotReadResult.Corrupt(bytes.Length < expectedLength
                ? $"truncated: the header announces {expectedLength} bytes, the file holds {bytes.Length}"
                : $"{bytes.Length - expectedLength} bytes follow the announced end at {expectedLength}");
        }

        var description = span.Slice(HeaderLength, descriptionLength);
        var body = span.Slice(HeaderLength + descriptionLength, (int)bodyLength);
        var actual = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, description), body));
        if (actual != crc)
        {
            return SnapshotReadResult.Corrupt($"checksum mismatch (CRC-32C 0x{actual:X8}, header says 0x{crc:X8})");
        }

        var text = Encoding.UTF8.GetString(description);
        if (hash != expected.Hash || text != expected.Description)
        {
            return SnapshotReadResult.Incompatible($"taken with other options ({StateFingerprint.Difference(text, expected.Description)})");
        }

        return SnapshotReadResult.Ok(new ArraySegment<byte>(bytes, HeaderLength + descriptionLength, (int)bodyLength));
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is removed at the next start or overwritten by the next write.
        }
    }
}
