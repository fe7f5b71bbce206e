using KnockSensor.Cli;

namespace KnockSensor.Tests.Metrics;

/// <summary>The <c>--web.*</c> options: defaults for live runs, switching the endpoint off, and refusing them elsewhere.</summary>
public sealed class WebCommandLineTests
{
    [Fact]
    public void A_live_run_listens_on_10642_by_default()
    {
        var web = CommandLineParser.Parse(["-i", "eth0"]).Web;
        Assert.Equal([":10642"], web.ListenAddresses);
        Assert.Equal("/metrics", web.TelemetryPath);
        Assert.Null(web.ConfigFile);
        Assert.Equal(20, web.TopN);
    }

    [Fact]
    public void Addresses_repeat_and_the_other_options_are_taken()
    {
        var web = CommandLineParser.Parse(["-i", "eth0", "--web.listen-address", "127.0.0.1:10642", "--web.listen-address=[::1]:10643", "--web.telemetry-path", "/m", "--web.config.file", "/etc/web.yml", "--web.top-n=5"]).Web;
        Assert.Equal(["127.0.0.1:10642", "[::1]:10643"], web.ListenAddresses);
        Assert.Equal("/m", web.TelemetryPath);
        Assert.Equal("/etc/web.yml", web.ConfigFile);
        Assert.Equal(5, web.TopN);
    }

    [Theory]
    [InlineData("")]
    [InlineData("none")]
    public void An_empty_address_or_none_switches_the_endpoint_off(string value)
    {
        Assert.True(CommandLineParser.Parse(["-i", "eth0", "--web.listen-address", value]).Web.Disabled);
        Assert.True(CommandLineParser.Parse(["-i", "eth0", "--web.listen-address=" + value]).Web.Disabled);
    }

    [Fact]
    public void Files_and_the_demo_serve_nothing_and_refuse_web_options()
    {
        Assert.True(CommandLineParser.Parse(["-r", "a.pcap"]).Web.Disabled);
        Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(["-r", "a.pcap", "--web.listen-address", ":1"]));
    }

    [Theory]
    [InlineData("--web.listen-address", "10642")]
    [InlineData("--web.listen-address", "host.example:1")]
    [InlineData("--web.telemetry-path", "metrics")]
    [InlineData("--web.telemetry-path", "/")]
    [InlineData("--web.telemetry-path", "/-/healthy")]
    [InlineData("--web.top-n", "-1")]
    public void Bad_values_are_usage_errors(string option, string value) =>
        Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(["-i", "eth0", option, value]));
}
