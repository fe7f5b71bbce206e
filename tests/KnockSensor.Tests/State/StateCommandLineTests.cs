using KnockSensor.Cli;

namespace KnockSensor.Tests.State;

public sealed class StateCommandLineTests
{
    [Fact]
    public void State_directory_and_interval_are_parsed_and_off_by_default()
    {
        var read = CommandLineParser.Parse(["-r", "x.pcap", "--state-dir", "/var/lib/knocksensor"]);
        Assert.Equal("/var/lib/knocksensor", read.StateDirectory);

        var live = CommandLineParser.Parse(["-i", "eth0", "--state-dir=/s", "--state-interval", "5"]);
        Assert.Equal("/s", live.StateDirectory);
        Assert.Equal(5, live.StateIntervalSeconds);

        var defaults = CommandLineParser.Parse(["-r", "x.pcap"]);
        Assert.Null(defaults.StateDirectory);
        Assert.Equal(60, defaults.StateIntervalSeconds);
    }

    [Theory]
    [InlineData(new[] { "demo", "--state-dir", "/s" }, "--state-dir belongs to -r and -i")]
    [InlineData(new[] { "advise", "-r", "x", "--state-dir", "/s" }, "--state-dir belongs to -r and -i")]
    [InlineData(new[] { "-i", "eth0", "--state-interval", "5" }, "--state-interval sets how often a live run (-i) with --state-dir")]
    [InlineData(new[] { "-r", "x", "--state-dir", "/s", "--state-interval", "5" }, "--state-interval sets how often a live run (-i)")]
    [InlineData(new[] { "-i", "eth0", "--state-dir", "/s", "--state-interval", "0" }, "--state-interval needs a whole number from 1 to 86400, not '0'")]
    [InlineData(new[] { "-r", "x", "--state-dir" }, "option '--state-dir' needs a value")]
    public void Misplaced_or_bad_state_options_are_refused(string[] args, string expected)
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
