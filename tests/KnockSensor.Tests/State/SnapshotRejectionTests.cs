using System.Buffers.Binary;
using KnockSensor.Knocks;
using KnockSensor.Mining;
using KnockSensor.Quiescent;
using KnockSensor.State;
using KnockSensor.StateFiles;

namespace KnockSensor.Tests.State;

/// <summary>
/// Bad snapshots: each is reported on one line saying what and why, moved aside, counted, and the run starts from
/// fresh stages; never an unhandled exception. Write failures are reported and counted, never fatal.
/// </summary>
public sealed class SnapshotRejectionTests : IDisposable
{
    /// <summary>A short history keeps every restore cheap; the layout is the same as with the default.</summary>
    private static readonly KnockDetectorOptions SmallOptions = new() { Mining = new MiningOptions { HistoryLength = 64 } };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("knocksensor-state-reject-");
    private readonly StringWriter _messages = new();

    public void Dispose() => _directory.Delete(recursive: true);

    public enum Damage
    {
        FlippedBodyByte,
        FlippedDescriptionByte,
        Truncated,
        WrongMagic,
        FutureSchemaVersion,
        OlderSchemaVersion,
        Empty,
        TrailingBytes,
    }

    [Theory]
    [InlineData(Damage.FlippedBodyByte, "corrupt snapshot", "checksum mismatch")]
    [InlineData(Damage.FlippedDescriptionByte, "corrupt snapshot", "checksum mismatch")]
    [InlineData(Damage.Truncated, "corrupt snapshot", "truncated: the header announces")]
    [InlineData(Damage.WrongMagic, "corrupt snapshot", "not a KnockSensor state snapshot (wrong magic)")]
    [InlineData(Damage.FutureSchemaVersion, "incompatible snapshot", "schema version 3 was written by a newer knocksensor; this one reads version 2")]
    [InlineData(Damage.OlderSchemaVersion, "incompatible snapshot", "schema version 1 is older than the version 2 this knocksensor reads")]
    [InlineData(Damage.Empty, "corrupt snapshot", "the file is empty")]
    [InlineData(Damage.TrailingBytes, "corrupt snapshot", "bytes follow the announced end")]
    public void A_damaged_snapshot_is_reported_set_aside_counted_and_the_run_starts_clean(Damage damage, string what, string why)
    {
        var store = SavedStore(withMonitor: true);
        var bytes = File.ReadAllBytes(store.Path);
        File.WriteAllBytes(store.Path, Apply(damage, bytes));

        var built = 0;
        var (detector, monitor) = StatefulStages.Create(store, () => { built++; return new KnockDetector(SmallOptions); }, StageTraffic.NewMonitor);

        Assert.Equal(2, built);
        Assert.Equal(0, detector.Windower.Counters.Events);
        Assert.Equal(0, detector.Miner.History.WindowsAdded);
        Assert.Equal(0, monitor!.Packets);
        Assert.Equal(1, store.Rejected);
        Assert.False(File.Exists(store.Path));
        var aside = Assert.Single(Directory.GetFiles(store.Directory, StateStore.FileName + ".rejected-*"));
        Assert.Equal(store.LastRejectedPath, aside);
        Assert.Equal(Apply(damage, bytes), File.ReadAllBytes(aside));
        var line = Assert.Single(Lines());
        Assert.StartsWith($"knocksensor: state: {what} {store.Path}: ", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
        Assert.EndsWith($"; moved to {aside}; starting clean", line, StringComparison.Ordinal);

        // The clean start goes on as a first start: the next snapshot is written and read back.
        Assert.True(store.Save(detector, monitor));
        Assert.Equal(RestoreOutcome.Restored, store.Restore(new KnockDetector(SmallOptions), StageTraffic.NewMonitor()));
    }

    [Fact]
    public void A_snapshot_taken_with_other_state_shaping_options_is_incompatible_and_names_what_differs()
    {
        var store = SavedStore(withMonitor: false);
        var other = SmallOptions with { Windowing = SmallOptions.Windowing with { WindowSize = 500 } };

        Assert.Equal(RestoreOutcome.Rejected, store.Restore(new KnockDetector(other), null));

        var line = Assert.Single(Lines());
        Assert.Contains("incompatible snapshot", line, StringComparison.Ordinal);
        Assert.Contains("taken with other options (window-size: snapshot 250, now 500)", line, StringComparison.Ordinal);
        Assert.Equal(1, store.Rejected);
    }

    [Fact]
    public void Turning_the_quiescent_monitor_on_makes_the_snapshot_incompatible_with_one_reason()
    {
        var store = SavedStore(withMonitor: false);

        Assert.Equal(RestoreOutcome.Rejected, store.Restore(new KnockDetector(SmallOptions), StageTraffic.NewMonitor()));

        Assert.Contains("(quiescent: snapshot off, now on)", Assert.Single(Lines()), StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_and_report_options_may_change_between_runs_without_losing_the_state()
    {
        var store = SavedStore(withMonitor: false);
        var other = SmallOptions with { Mining = SmallOptions.Mining with { MinConfidence = 0.5 }, MinActivations = 5, MaxKnocks = 10 };

        Assert.Equal(RestoreOutcome.Restored, store.Restore(new KnockDetector(other), null));
    }

    [Fact]
    public void Bodies_with_a_valid_checksum_but_damaged_contents_never_escape_as_exceptions()
    {
        // A checksum cannot catch a writer bug or a deliberate edit: the readers must refuse nonsense themselves.
        var store = SavedStore(withMonitor: true);
        var original = File.ReadAllBytes(store.Path);
        var descriptionLength = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(20));
        var bodyStart = SnapshotFile.HeaderLength + descriptionLength;
        var random = new Random(6);
        var rejected = 0;
        const int Rounds = 24;
        for (var round = 0; round < Rounds; round++)
        {
            var bytes = (byte[])original.Clone();
            if (round % 3 == 0)
            {
                // Cut the body short and make the header agree.
                bytes = bytes.AsSpan(0, random.Next(bodyStart, bytes.Length)).ToArray();
            }
            else
            {
                for (var n = 0; n < 1 + (round % 4); n++)
                {
                    bytes[random.Next(bodyStart, bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            Reseal(bytes, descriptionLength);
            File.WriteAllBytes(store.Path, bytes);
            var outcome = store.Restore(new KnockDetector(SmallOptions), StageTraffic.NewMonitor());
            rejected += outcome == RestoreOutcome.Rejected ? 1 : 0;
        }

        // Every cut body is refused; a flipped bit may land in a value that is still plausible (a time, a count).
        Assert.True(rejected >= Rounds / 3, $"{rejected} of {Rounds} damaged bodies refused");
        Assert.Equal(rejected, store.Rejected);
        Assert.Equal(rejected, Lines().Count(line => line.Contains("its contents do not read back", StringComparison.Ordinal)));
        Assert.Equal(Rounds - rejected, Lines().Count(line => line.Contains(": state: restored ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_snapshot_that_cannot_be_written_is_reported_once_counted_and_not_fatal()
    {
        var blocker = Path.Combine(_directory.FullName, "not-a-directory");
        File.WriteAllText(blocker, "a file where the state directory should be");
        var store = new StateStore(Path.Combine(blocker, "state"), _messages);
        var detector = Fed(SmallOptions, null, 5000);

        Assert.False(store.Save(detector, null));
        Assert.False(store.Save(detector, null));

        Assert.Equal(2, store.Failures);
        Assert.Equal(0, store.SnapshotsWritten);
        Assert.Equal(0, store.LastSuccessTimestampSeconds);
        var line = Assert.Single(Lines());
        Assert.StartsWith($"knocksensor: state: cannot write a snapshot to {store.Path}: ", line, StringComparison.Ordinal);
        Assert.Equal(RestoreOutcome.NoSnapshot, store.Restore(new KnockDetector(SmallOptions), null));
    }

    [Fact]
    public void A_write_cut_short_leaves_only_a_temporary_file_which_the_next_start_removes()
    {
        var store = SavedStore(withMonitor: false);
        var good = File.ReadAllBytes(store.Path);
        File.WriteAllBytes(store.Path + SnapshotFile.TemporarySuffix, good.AsSpan(0, good.Length / 2).ToArray());

        Assert.Equal(RestoreOutcome.Restored, store.Restore(new KnockDetector(SmallOptions), null));

        Assert.False(File.Exists(store.Path + SnapshotFile.TemporarySuffix));
        Assert.Contains(Lines(), line => line.Contains("left by a snapshot write that did not finish", StringComparison.Ordinal));
    }

    [Fact]
    public void A_successful_save_records_its_time_size_and_leaves_no_temporary_file()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var store = SavedStore(withMonitor: false);

        Assert.Equal(1, store.SnapshotsWritten);
        Assert.Equal(new FileInfo(store.Path).Length, store.LastSnapshotBytes + BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(store.Path).AsSpan(20)));
        Assert.InRange(store.LastSuccessTimestampSeconds, before, before + 60);
        Assert.False(File.Exists(store.Path + SnapshotFile.TemporarySuffix));
    }

    [Fact]
    public void Crc32C_matches_the_published_check_value_and_a_bitwise_reference()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        var random = new Random(32);
        for (var length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BitwiseCrc32C(data), Crc32C.Compute(data));
        }
    }

    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    private StateStore SavedStore(bool withMonitor)
    {
        var store = new StateStore(Path.Combine(_directory.FullName, "state-" + Guid.NewGuid().ToString("N")), _messages);
        var monitor = withMonitor ? StageTraffic.NewMonitor() : null;
        Assert.True(store.Save(Fed(SmallOptions, monitor, 40_000), monitor));
        _messages.GetStringBuilder().Clear();
        return store;
    }

    private static KnockDetector Fed(KnockDetectorOptions options, QuiescentMonitor? monitor, int events)
    {
        var detector = new KnockDetector(options);
        foreach (var decoded in StageTraffic.Day.AsSpan(0, events))
        {
            StageTraffic.Feed(decoded, detector, monitor);
        }

        Assert.True(detector.Windower.Counters.WindowsClosed > 0);
        return detector;
    }

    private static byte[] Apply(Damage damage, byte[] original)
    {
        var bytes = (byte[])original.Clone();
        var descriptionLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        switch (damage)
        {
            case Damage.FlippedBodyByte:
                bytes[SnapshotFile.HeaderLength + descriptionLength + ((bytes.Length - SnapshotFile.HeaderLength - descriptionLength) / 2)] ^= 0x10;
                return bytes;
            case Damage.FlippedDescriptionByte:
                bytes[SnapshotFile.HeaderLength + 3] ^= 0x01;
                return bytes;
            case Damage.Truncated:
                return bytes.AsSpan(0, bytes.Length - 1000).ToArray();
            case Damage.WrongMagic:
                bytes[0] = (byte)'X';
                return bytes;
            case Damage.FutureSchemaVersion:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), SnapshotFile.SchemaVersion + 1);
                return bytes;
            case Damage.OlderSchemaVersion:
                // A snapshot of the layout before accesses carried source ports (version 1).
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), SnapshotFile.SchemaVersion - 1);
                return bytes;
            case Damage.Empty:
                return [];
            default:
                return [.. bytes, 1, 2, 3];
        }
    }

    /// <summary>Makes the header's body length and checksum match whatever the body now is.</summary>
    private static void Reseal(byte[] bytes, int descriptionLength)
    {
        var start = SnapshotFile.HeaderLength;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), bytes.Length - start - descriptionLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), Crc32C.Compute(bytes.AsSpan(start)));
    }

    private string[] Lines() => _messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
