using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Live;

/// <summary>
/// The knock detector behind live capture: knockd's own <c>knock</c> client knocks four times (tcp/7000, udp/8000,
/// tcp/9000) among ordinary connection attempts while an nmap SYN scan runs from another address. The door must be
/// reported while the sensor is still running, with its target and its ordered sequence; the scan must not.
/// </summary>
public sealed class LiveKnockTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("afpacket", 1)]
    [InlineData("afpacket", 2)]
    [InlineData("libpcap", 1)]
    public void A_real_knock_is_reported_live_with_its_ordered_sequence_and_the_scan_is_not(string backend, int threads)
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--capture", backend, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--window-size", "20");

        // 14 rounds of 21 connection attempts to three ordinary ports (bash /dev/tcp: one SYN each, refused at once);
        // knockd's client knocks in rounds 3, 6, 9 and 12; nmap scans 200 ports from the second address in round 7.
        // (Windows of 20 attempts so that the test is short; the detector's other settings are its defaults.)
        for (var round = 1; round <= 14; round++)
        {
            lab.InA($"bash -c 'for i in $(seq 7); do for p in 80 443 25; do (echo > /dev/tcp/{LiveLab.AddressB}/$p) 2>/dev/null; done; done; true'");
            if (round % 3 == 0 && round <= 12)
            {
                lab.InA($"knock -d 50 {LiveLab.AddressB} 7000 8000:udp 9000");
            }

            if (round == 7)
            {
                lab.InA($"nmap -sS -Pn -n -T5 --max-retries 0 -S {LiveLab.SecondAddressA} -e {lab.VethA} -p 1-200 {LiveLab.AddressB}", TimeSpan.FromSeconds(60));
            }
        }

        // The detector hands a window to the miner after an episode gap (30 s) of quiet or once 64 newer windows are
        // open; 1500 more ordinary SYNs (75 windows of 20) make the knock windows old enough while the sensor runs.
        lab.InA($"hping3 -S -p 80 -i u500 -c 1500 {LiveLab.AddressB}", TimeSpan.FromSeconds(60));

        // Live: the door is in the event log before the sensor is asked to stop.
        var knock = WaitForKnock(sensor);
        var liveEvents = sensor.EventsSoFar();
        var run = sensor.Terminate(TimeSpan.FromSeconds(2));
        Assert.True(run.ExitCode == 0, run.StandardError);

        Assert.Equal(LiveLab.AddressB, knock.GetProperty("dest_ip").GetString());
        var sequence = knock.GetProperty("knock").GetProperty("sequence").EnumerateArray()
            .Select(static item => $"{item.GetProperty("proto").GetString()}/{item.GetProperty("port").GetInt32()}").ToArray();
        Assert.Equal(["tcp/7000", "udp/8000", "tcp/9000"], sequence);
        Assert.Contains(LiveLab.AddressA, knock.GetProperty("src_ips").EnumerateArray().Select(static a => a.GetString()));
        Assert.True(knock.GetProperty("knock").GetProperty("activations").GetInt32() >= 2);

        // The scan reached the sensor, yet no door or rule comes from it or from its ports.
        Assert.True(run.Stat("tcp_syn") >= (14 * 21) + 200 + 1500, "the connection attempts and the scan were captured");
        foreach (var e in run.Events.Where(static e => e.GetProperty("event_type").GetString() is "knock"))
        {
            Assert.DoesNotContain(LiveLab.SecondAddressA, e.GetProperty("src_ips").EnumerateArray().Select(static a => a.GetString()));
        }

        var rulePorts = liveEvents.Where(static e => e.GetProperty("event_type").GetString() == "knock_rule")
            .SelectMany(static e => Items(e.GetProperty("knock_rule").GetProperty("antecedent")).Concat(Items(e.GetProperty("knock_rule").GetProperty("consequent"))))
            .Distinct().Order().ToArray();
        Assert.Equal([7000, 8000, 9000], rulePorts);
    }

    private static JsonElement WaitForKnock(SensorProcess sensor)
    {
        // The last knock window is handed to the miner one window late; a few more ordinary attempts may be needed,
        // and the log is written as events happen.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var knock = sensor.EventsSoFar().LastOrDefault(static e => e.GetProperty("event_type").GetString() == "knock");
            if (knock.ValueKind == JsonValueKind.Object)
            {
                return knock;
            }

            Thread.Sleep(100);
        }

        Assert.Fail("no knock event while the sensor was running: " + sensor.StandardError);
        return default;
    }

    private static IEnumerable<int> Items(JsonElement side) => side.ValueKind == JsonValueKind.Array
        ? side.EnumerateArray().Select(static i => i.GetProperty("port").GetInt32())
        : [side.GetProperty("port").GetInt32()];
}
