using KnockSensor.Evaluation;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Evaluation;

/// <summary>
/// The quality bar on traffic from the real tools, recorded in network namespaces made for the test
/// (Infrastructure/eval-lab.sh): a knockd door opened five times by knockd's own <c>knock</c> client and a cd00r-style
/// hping3 SYN sequence to a second host five times, each followed by a shell connection, amid background from hping3
/// and curl; and a capture of nothing but scans (nmap -sS, -sT, -sU, -sF, -sX, -sN and hping3 --scan).
/// </summary>
public sealed class RealToolDetectionTests : IDisposable
{
    private static readonly string Lab = Path.Combine(Repository.Root, "tests", "KnockSensor.IntegrationTests", "Infrastructure", "eval-lab.sh");

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Real_knockd_and_hping3_doors_meet_the_targets()
    {
        Record("knocks");
        // knockd itself saw five complete knocks: the traffic is a real door being opened, not an imitation.
        Assert.Equal(5, File.ReadAllLines(_scratch.File("door-opened")).Length);

        EvaluationReport report = DetectionScoring.Run(_scratch, _scratch.File("capture.pcap"), _scratch.File("truth.json"));

        Assert.Equal(["knockd", "cd00r-hping3"], report.Doors.Select(door => door.Name));
        DetectionScoring.AssertTargetsMet(report, "real knockd + hping3 doors");
    }

    [Fact]
    public void Real_scans_give_no_knock()
    {
        Record("scans");

        EvaluationReport report = DetectionScoring.Run(_scratch, _scratch.File("capture.pcap"), _scratch.File("truth.json"));

        Assert.Empty(report.Doors);
        Assert.True(report.Overall.Knocks == 0, $"real scans:\n{ReportText.Render(report)}");
    }

    private void Record(string mode)
    {
        ProcessResult lab = ProcessRunner.Run("/bin/bash", [Lab, mode, _scratch.Path], timeout: TimeSpan.FromMinutes(1));
        Assert.True(lab.ExitCode == 0, $"eval-lab.sh {mode} failed: {lab.StandardError}");
        // A frame lost by the capture could be a knock: the score would then judge the recording, not the sensor.
        Assert.Contains("\n0 packets dropped by kernel", File.ReadAllText(_scratch.File("tcpdump.err")));
    }
}
