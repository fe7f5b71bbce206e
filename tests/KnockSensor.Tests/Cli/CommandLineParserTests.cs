using KnockSensor.Cli;

namespace KnockSensor.Tests.Cli;

public sealed class CommandLineParserTests
{
    [Fact]
    public void No_arguments_means_help()
    {
        Assert.Equal(CommandKind.Help, CommandLineParser.Parse([]).Command);
    }

    [Fact]
    public void Repeated_read_keeps_inputs_in_order()
    {
        var options = CommandLineParser.Parse(["-r", "b.pcap", "--read", "a.pcapng", "-r", "-", "--events=out.json"]);

        Assert.Equal(CommandKind.Read, options.Command);
        Assert.Equal(["b.pcap", "a.pcapng", "-"], options.Inputs);
        Assert.Equal("out.json", options.EventsPath);
        Assert.Null(options.Progress);
    }

    [Fact]
    public void Demo_takes_events_and_progress_switches()
    {
        var options = CommandLineParser.Parse(["demo", "--events", "-", "--no-progress"]);

        Assert.Equal(CommandKind.Demo, options.Command);
        Assert.Equal("-", options.EventsPath);
        Assert.False(options.Progress);
    }

    [Theory]
    [InlineData(new[] { "-r", "a.pcap" }, null)]
    [InlineData(new[] { "-r", "a.pcap", "--stage-threads", "off" }, false)]
    [InlineData(new[] { "demo", "--stage-threads=on" }, true)]
    [InlineData(new[] { "advise", "-r", "a.pcap", "--stage-threads", "off" }, false)]
    public void Stage_threads_is_an_offline_switch(string[] args, bool? stageThreads) =>
        Assert.Equal(stageThreads, CommandLineParser.Parse(args).StageThreads);

    [Theory]
    [InlineData(new[] { "--help" }, CommandKind.Help)]
    [InlineData(new[] { "-r", "x", "-h" }, CommandKind.Help)]
    [InlineData(new[] { "--version" }, CommandKind.Version)]
    [InlineData(new[] { "-V" }, CommandKind.Version)]
    public void Help_and_version_win(string[] args, CommandKind expected)
    {
        Assert.Equal(expected, CommandLineParser.Parse(args).Command);
    }

    [Theory]
    [InlineData(new[] { "--nope" }, "unknown option '--nope'")]
    [InlineData(new[] { "-r" }, "option '-r' needs a value")]
    [InlineData(new[] { "-r", "--events", "x" }, "option '-r' needs a value")]
    [InlineData(new[] { "--events=" }, "option '--events' needs a value")]
    [InlineData(new[] { "file.pcap" }, "unexpected argument 'file.pcap' (capture files are given with -r)")]
    [InlineData(new[] { "demo", "-r", "x" }, "'demo' analyses the embedded sample; it takes no -r")]
    [InlineData(new[] { "-r", "x", "demo" }, "unexpected argument 'demo' (capture files are given with -r)")]
    public void Mistakes_are_refused_with_a_reason(string[] args, string message)
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(args));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Run_returns_usage_error_code_and_one_line()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CommandLine.Run(["--frobnicate"], stdout, stderr);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("knocksensor: unknown option '--frobnicate'\nTry 'knocksensor --help'.\n", stderr.ToString().Replace("\r\n", "\n"));
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public void Advise_takes_inputs_window_size_and_every_packet()
    {
        var options = CommandLineParser.Parse(["advise", "-r", "a.pcap", "--window-size=250", "--every-packet"]);

        Assert.Equal(CommandKind.Advise, options.Command);
        Assert.Equal(["a.pcap"], options.Inputs);
        Assert.Equal(250, options.WindowSize);
        Assert.True(options.EveryPacket);
        Assert.Equal(250, CommandLineParser.Parse(["advise", "-r", "a.pcap"]).WindowSize);
        Assert.Equal(1000, CommandLineParser.Parse(["advise", "-r", "a.pcap", "--every-packet"]).WindowSize);
    }

    [Theory]
    [InlineData(new[] { "advise" }, "needs captures")]
    [InlineData(new[] { "advise", "-r", "-" }, "cannot read standard input")]
    [InlineData(new[] { "advise", "-r", "a", "--window-size", "0" }, "at least 1")]
    [InlineData(new[] { "advise", "-r", "a", "--window-size", "ten" }, "not 'ten'")]
    [InlineData(new[] { "-r", "a", "--min-support", "1.5" }, "between 0 and 1, not '1.5'")]
    [InlineData(new[] { "-r", "a", "--min-interest", "x" }, "between 0 and 1, not 'x'")]
    [InlineData(new[] { "-r", "a", "--history", "0" }, "from 1 to 1024, not '0'")]
    [InlineData(new[] { "-r", "a", "--min-activations", "-2" }, "needs a value")]
    [InlineData(new[] { "-i", "eth0", "--stage-threads", "on" }, "--stage-threads belongs to -r, demo and advise")]
    [InlineData(new[] { "-r", "a", "--stage-threads", "2" }, "--stage-threads takes on or off, not '2'")]
    public void Advise_usage_errors_say_what_is_wrong(string[] args, string expected)
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
