namespace KnockSensor.IntegrationTests.Infrastructure;

/// <summary>Locations the integration tests need: the repository, the published binary, the nDPI corpus.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The published Native AOT binary (.ci/test publishes it and sets KNOCKSENSOR_BIN).</summary>
    public static string SensorBinary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("KNOCKSENSOR_BIN") is { Length: > 0 } fromEnv
                ? fromEnv
                : System.IO.Path.Combine(Root, "artifacts", "aot", "knocksensor");
            Assert.True(File.Exists(path), $"the AOT binary is missing at {path}: run 'bash .ci/test', or publish it and set KNOCKSENSOR_BIN");
            return path;
        }
    }

    /// <summary>The shipped sample capture.</summary>
    public static string SampleCapture => System.IO.Path.Combine(Root, "src", "KnockSensor", "Resources", "sample.pcap");

    /// <summary>tests/pcap of the nDPI source package (.ci/setup --with-corpus fetches it).</summary>
    public static string NdpiCorpus
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("KNOCKSENSOR_NDPI_DIR") is { Length: > 0 } fromEnv ? fromEnv : "/var/cache/knocksensor/ndpi";
            var pcaps = System.IO.Path.Combine(dir, "tests", "pcap");
            Assert.True(Directory.Exists(pcaps), $"the nDPI corpus is missing at {pcaps}: run 'bash .ci/setup --with-corpus'");
            return pcaps;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KnockSensor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KnockSensor.sln not found above " + AppContext.BaseDirectory);
    }
}
