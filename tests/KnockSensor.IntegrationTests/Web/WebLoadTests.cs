using System.Text.RegularExpressions;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;

namespace KnockSensor.IntegrationTests.Web;

/// <summary>
/// Scrapes as fast as wrk can send them (loopback in the sensor's namespace, 2 threads, 5 s) while the sensor captures
/// a modest 1000 packets per second: the web server shares the machine but must not make the capture drop.
/// </summary>
public sealed class WebLoadTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Wrk_against_metrics_while_capturing_causes_no_kernel_drops()
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch);
        using (var wrk = WebLab.StartInB(lab, "wrk", "-t2", "-c8", "-d5s", $"http://{WebLab.Endpoint}/metrics"))
        {
            lab.InA($"hping3 -S -p 80 -i u1000 -c 4000 {LiveLab.AddressB}", TimeSpan.FromSeconds(30));
            Assert.Equal(0, wrk.WaitForExit(TimeSpan.FromSeconds(20)));
            var output = wrk.Output;
            var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(requests >= 100, "wrk made too few requests to load the server: " + output);
            Assert.DoesNotContain("Non-2xx", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Socket errors", output, StringComparison.Ordinal);
        }

        var run = sensor.Terminate(TimeSpan.FromSeconds(3));
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(0, run.CaptureStat("kernel_drops"));
        Assert.True(run.Stat("tcp_syn") >= 4000, $"only {run.Stat("tcp_syn")} SYNs were captured");
    }
}
