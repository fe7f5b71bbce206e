using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.State;

/// <summary>
/// File permissions, which root ignores: the published binary run as nobody (setpriv) against a state directory it may
/// not write and a snapshot it may not read. Never fatal: reported, and the run goes on from a clean start.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnprivilegedStateTests
{
    [Fact]
    public void A_bad_snapshot_in_a_directory_the_sensor_cannot_write_is_reported_kept_and_the_run_still_succeeds()
    {
        using var scratch = new TempDirectory();
        var capture = Readable(scratch);
        var directory = scratch.File("state");
        Directory.CreateDirectory(directory);
        var snapshot = Path.Combine(directory, "knocksensor.state");
        File.WriteAllText(snapshot, "not a snapshot at all, but long enough to hold a header");
        File.SetUnixFileMode(snapshot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var result = AsNobody(capture, directory);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"knocksensor: state: corrupt snapshot {snapshot}: not a KnockSensor state snapshot (wrong magic); could not be moved aside (", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("it will be replaced by the next snapshot; starting clean", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"knocksensor: state: cannot write a snapshot to {snapshot}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("knocks:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("not a snapshot at all, but long enough to hold a header", File.ReadAllText(snapshot));
        Assert.Single(Directory.GetFiles(directory));
    }

    [Fact]
    public void A_snapshot_the_sensor_cannot_read_is_unreadable_moved_aside_and_replaced()
    {
        using var scratch = new TempDirectory();
        var capture = Readable(scratch);
        var directory = scratch.File("state");
        Directory.CreateDirectory(directory);
        var snapshot = Path.Combine(directory, "knocksensor.state");
        File.WriteAllText(snapshot, "root's eyes only");
        File.SetUnixFileMode(snapshot, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);

        var result = AsNobody(capture, directory);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"knocksensor: state: unreadable snapshot {snapshot}: cannot read it: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"; moved to {snapshot}.rejected-", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"knocksensor: state: saved {snapshot}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(directory, "knocksensor.state.rejected-*"));
    }

    private static string Readable(TempDirectory scratch)
    {
        var capture = scratch.File("sample.pcap");
        File.Copy(Repository.SampleCapture, capture);
        File.SetUnixFileMode(capture, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return capture;
    }

    private static ProcessResult AsNobody(string capture, string directory) =>
        ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Repository.SensorBinary, "-r", capture, "--state-dir", directory, "--window-size", "100", "--no-progress"]);
}
