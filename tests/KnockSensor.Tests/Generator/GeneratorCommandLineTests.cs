using KnockSensor.Generator;

namespace KnockSensor.Tests.Generator;

public sealed class GeneratorCommandLineTests
{
    [Theory]
    [InlineData(new string[0], "--profile is required")]
    [InlineData(new[] { "--profile", "sample" }, "--out is required")]
    [InlineData(new[] { "--profile", "weekly", "--out", "x.pcap" }, "unknown profile 'weekly'")]
    [InlineData(new[] { "--profile", "sample", "--out" }, "--out needs a value")]
    [InlineData(new[] { "--profile", "sample", "--out", "x.pcap", "--seed", "-1" }, "--seed needs an unsigned")]
    [InlineData(new[] { "--profile", "sample", "--out", "x.pcap", "--seed", "12abc" }, "--seed needs an unsigned")]
    [InlineData(new[] { "--profile", "sample", "--out", "x.pcap", "--size-mb", "10" }, "throughput profile only")]
    [InlineData(new[] { "--profile", "throughput", "--out", "x.pcap", "--size-mb", "0" }, "--size-mb needs a whole number")]
    [InlineData(new[] { "--profile", "sample", "--out", "x.pcap", "--frobnicate" }, "unknown argument '--frobnicate'")]
    public void Usage_errors_exit_2_with_a_message(string[] args, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = GeneratorCommandLine.Run(args, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr.ToString());
        Assert.Equal("", stdout.ToString());
        Assert.False(File.Exists("x.pcap"));
    }

    [Fact]
    public void Help_prints_usage_and_exits_0()
    {
        var stdout = new StringWriter();

        int exit = GeneratorCommandLine.Run(["--profile", "sample", "--help"], stdout, TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Contains("--profile NAME", stdout.ToString());
        Assert.Contains("throughput", stdout.ToString());
    }

    [Fact]
    public void An_unwritable_output_exits_1()
    {
        var stderr = new StringWriter();

        int exit = GeneratorCommandLine.Run(["--profile", "sample", "--out", "/nonexistent-dir/x.pcap"], TextWriter.Null, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("knocksensor-gen:", stderr.ToString());
    }

    [Fact]
    public void Parse_reads_every_option()
    {
        GeneratorOptions options = GeneratorCommandLine.Parse(["--profile", "throughput", "--out", "a.pcap", "--seed", "18446744073709551615", "--size-mb", "3", "--truth", "t.json"]);

        Assert.Equal(GeneratorProfile.Throughput, options.Profile);
        Assert.Equal("a.pcap", options.OutputPath);
        Assert.Equal(ulong.MaxValue, options.Seed);
        Assert.Equal(3, options.SizeMb);
        Assert.Equal("t.json", options.TruthPath);
    }
}
