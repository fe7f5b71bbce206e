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
}
