using System.Diagnostics;
using System.Globalization;
using KnockSensor.Knocks;
using KnockSensor.Quiescent;

namespace KnockSensor.State;

/// <summary>
/// The sensor's state on disk, <c>DIR/knocksensor.state</c>: restores the stages at start, saves them when asked.
/// Nothing here is fatal: a snapshot that cannot be used is reported on one line, renamed aside
/// (<c>knocksensor.state.rejected-&lt;UTC time&gt;</c>), counted, and the run starts clean; a write that fails is
/// reported, counted and retried at the next save.
/// </summary>
/// <remarks>
/// <see cref="Restore"/> and <see cref="Save"/> run on the thread that owns the stages. The counters are plain
/// 64-bit values written only by that thread, so another thread (a metrics scrape) may read them at any time.
/// </remarks>
public sealed class StateStore
{
    public const string FileName = "knocksensor.state";

    private const uint BodyTag = 0x5354_4154; // "STAT"

    private readonly TextWriter _log;
    private readonly TimeProvider _clock;
    private readonly MemoryStream _buffer = new();
    private string? _lastFailure;

    public StateStore(string directory, TextWriter log, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(log);
        Directory = directory;
        Path = System.IO.Path.Combine(directory, FileName);
        _log = log;
        _clock = clock ?? TimeProvider.System;
    }

    public string Directory { get; }

    /// <summary>The snapshot file.</summary>
    public string Path { get; }

    /// <summary>Snapshots written since start.</summary>
    public long SnapshotsWritten { get; private set; }

    /// <summary>Snapshot writes that failed (disk full, permissions, …) since start.</summary>
    public long Failures { get; private set; }

    /// <summary>Snapshots found unusable at start (corrupt, incompatible, unreadable) and set aside.</summary>
    public long Rejected { get; private set; }

    /// <summary>Unix time, in seconds, of the last snapshot written; 0 before the first.</summary>
    public double LastSuccessTimestampSeconds { get; private set; }

    /// <summary>Size of the last snapshot written, bytes.</summary>
    public long LastSnapshotBytes { get; private set; }

    /// <summary>How long the last snapshot took: serialising the stages plus the durable write.</summary>
    public TimeSpan LastSaveDuration { get; private set; }

    /// <summary>Where the last rejected snapshot was moved, or null.</summary>
    public string? LastRejectedPath { get; private set; }

    /// <summary>
    /// Restores the stages from the snapshot, when there is a usable one. <paramref name="detector"/> and
    /// <paramref name="monitor"/> must not have seen traffic yet. On <see cref="RestoreOutcome.Rejected"/> they may be
    /// half restored: the caller replaces them with fresh ones (a clean start).
    /// </summary>
    public RestoreOutcome Restore(KnockDetector detector, QuiescentMonitor? monitor)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var clock = Stopwatch.StartNew();
        var fingerprint = StateFingerprint.Of(detector.Options, monitor?.Options);
        RemoveUnfinishedWrite();
        var read = SnapshotFile.Read(Path, fingerprint);
        if (read.Status == SnapshotStatus.Missing)
        {
            _log.WriteLine($"knocksensor: state: no snapshot at {Path}, starting clean");
            return RestoreOutcome.NoSnapshot;
        }

        if (read.Status != SnapshotStatus.Ok)
        {
            Reject(read.Status, read.Reason);
            return RestoreOutcome.Rejected;
        }

        long takenAtNs;
        try
        {
            using var stream = new MemoryStream(read.Body.Array!, read.Body.Offset, read.Body.Count, writable: false);
            using var reader = new BinaryReader(stream);
            if (reader.ReadUInt32() != BodyTag)
            {
                throw new InvalidDataException("the body does not start with the state tag");
            }

            takenAtNs = reader.ReadInt64();
            detector.ReadState(reader);
            var hasMonitor = reader.ReadBoolean();
            if (hasMonitor != monitor is not null)
            {
                throw new InvalidDataException(hasMonitor ? "the body holds a quiescent monitor, this run has none" : "the body holds no quiescent monitor, this run has one");
            }

            monitor?.ReadState(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{stream.Length - stream.Position} bytes follow the last section");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            // The checksum matched, so this is a writer bug or a deliberate edit rather than disk damage; either way unusable.
            Reject(SnapshotStatus.Corrupt, $"its contents do not read back: {e.Message}");
            return RestoreOutcome.Rejected;
        }

        var c = CultureInfo.InvariantCulture;
        var windowing = detector.Windower.Counters;
        var quiescent = monitor is null ? "" : string.Create(c, $"; {monitor.BinsClosed} bins closed, {monitor.KeysTracked} ports with history");
        _log.WriteLine(string.Create(c, $"knocksensor: state: restored {Path} (taken {FormatTime(takenAtNs)}): {windowing.WindowsClosed} windows closed, {detector.Miner.History.Count} in the history, {detector.Windower.OpenWindows} open, {detector.Counters.Knocks} knocks tracked{quiescent} ({read.Body.Count + SnapshotFile.HeaderLength:N0} bytes in {clock.Elapsed.TotalMilliseconds:F0} ms)"));
        return RestoreOutcome.Restored;
    }

    /// <summary>Writes a snapshot of the stages; returns false (reported, counted) when it could not be written.</summary>
    public bool Save(KnockDetector detector, QuiescentMonitor? monitor)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var clock = Stopwatch.StartNew();
        var now = _clock.GetUtcNow();
        _buffer.SetLength(0);
        using (var writer = new BinaryWriter(_buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(BodyTag);
            writer.Write((now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100);
            detector.WriteState(writer);
            writer.Write(monitor is not null);
            monitor?.WriteState(writer);
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            SnapshotFile.WriteAtomic(Path, StateFingerprint.Of(detector.Options, monitor?.Options), _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failures++;
            var message = $"knocksensor: state: cannot write a snapshot to {Path}: {e.Message}";
            if (message != _lastFailure)
            {
                // One line per kind of failure, not one per interval: a full disk stays full for a while.
                _log.WriteLine(message + (Failures > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({Failures} failures so far)") : ""));
                _lastFailure = message;
            }

            return false;
        }

        if (_lastFailure is not null)
        {
            _log.WriteLine($"knocksensor: state: snapshots are written to {Path} again");
            _lastFailure = null;
        }

        SnapshotsWritten++;
        LastSnapshotBytes = _buffer.Length + SnapshotFile.HeaderLength;
        LastSaveDuration = clock.Elapsed;
        LastSuccessTimestampSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
        return true;
    }

    /// <summary><see cref="Save"/>, then one line saying what was saved, how large and how long it took (end of a run).</summary>
    public bool SaveAndReport(KnockDetector detector, QuiescentMonitor? monitor)
    {
        if (!Save(detector, monitor))
        {
            return false;
        }

        var c = CultureInfo.InvariantCulture;
        var quiescent = monitor is null ? "" : string.Create(c, $", {monitor.BinsClosed} bins closed");
        _log.WriteLine(string.Create(c, $"knocksensor: state: saved {Path}: {detector.Windower.Counters.WindowsClosed} windows closed, {detector.Windower.OpenWindows} open{quiescent} ({LastSnapshotBytes:N0} bytes in {LastSaveDuration.TotalMilliseconds:F0} ms)"));
        return true;
    }

    private void Reject(SnapshotStatus status, string reason)
    {
        Rejected++;
        var what = status switch
        {
            SnapshotStatus.Incompatible => "incompatible",
            SnapshotStatus.Unreadable => "unreadable",
            _ => "corrupt",
        };
        var aside = System.IO.Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{FileName}.rejected-{_clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"));
        aside = UniqueName(aside);
        string where;
        try
        {
            File.Move(Path, aside);
            LastRejectedPath = aside;
            where = $"moved to {aside}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            where = $"could not be moved aside ({e.Message}); it will be replaced by the next snapshot";
        }

        _log.WriteLine($"knocksensor: state: {what} snapshot {Path}: {reason}; {where}; starting clean");
    }

    private static string UniqueName(string name)
    {
        if (!File.Exists(name))
        {
            return name;
        }

        for (var n = 2; ; n++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{name}-{n}");
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>A temporary file left by a write that was cut short (SIGKILL, power loss): never a snapshot, so it goes.</summary>
    private void RemoveUnfinishedWrite()
    {
        var temporary = Path + SnapshotFile.TemporarySuffix;
        if (File.Exists(temporary))
        {
            SnapshotFile.TryDelete(temporary);
            _log.WriteLine($"knocksensor: state: removed {temporary}, left by a snapshot write that did not finish");
        }
    }

    private static string FormatTime(long unixNs) =>
        DateTime.UnixEpoch.AddTicks(unixNs / 100).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public enum RestoreOutcome
{
    /// <summary>No snapshot file: a first start.</summary>
    NoSnapshot,

    Restored,

    /// <summary>The snapshot was unusable; it was set aside and the caller must start from fresh stages.</summary>
    Rejected,
}
