using System.Text.Json;
using KnockSensor.Generator;

namespace KnockSensor.Tests.Generator;

/// <summary>A capture generated once per test run into a temporary file, with its truth and the oracle's reading.</summary>
internal sealed record GeneratedCapture(byte[] Bytes, GroundTruth Truth, byte[] TruthJson, OracleCapture Oracle);

internal static class GeneratedCaptures
{
    private static readonly Lazy<GeneratedCapture> LazySample = new(() => Generate(GeneratorProfile.Sample, 1, 0));
    private static readonly Lazy<GeneratedCapture> LazyDay = new(() => Generate(GeneratorProfile.Day, 7, 0));
    private static readonly Lazy<GeneratedCapture> LazyThroughput = new(() => Generate(GeneratorProfile.Throughput, 3, 4));

    public static GeneratedCapture Sample => LazySample.Value;

    public static GeneratedCapture Day => LazyDay.Value;

    public static GeneratedCapture Throughput => LazyThroughput.Value;

    public static GeneratedCapture For(string profile) => profile switch
    {
        "sample" => Sample,
        "day" => Day,
        _ => Throughput,
    };

    /// <summary>Generates in memory (the path the command line does not take), then reads a file copy with the oracle.</summary>
    public static (byte[] Capture, GroundTruth Truth) InMemory(GeneratorProfile profile, ulong seed, int sizeMb)
    {
        using var stream = new MemoryStream();
        GroundTruth truth = TrafficGenerator.Generate(profile, seed, sizeMb, stream);
        return (stream.ToArray(), truth);
    }

    public static GroundTruth ParseTruth(byte[] json) =>
        JsonSerializer.Deserialize(json, GroundTruthJsonContext.Default.GroundTruth) ?? throw new InvalidDataException("empty truth");

    /// <summary>The repository root (the directory holding KnockSensor.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "KnockSensor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("KnockSensor.sln not found above " + AppContext.BaseDirectory);
    }

    private static GeneratedCapture Generate(GeneratorProfile profile, ulong seed, int sizeMb)
    {
        string directory = Directory.CreateTempSubdirectory("knocksensor-gen-tests-").FullName;
        string name = TrafficGenerator.ProfileName(profile);
        string path = System.IO.Path.Combine(directory, name + ".pcap");
        string truthPath = System.IO.Path.Combine(directory, name + ".truth.json");
        var args = new List<string> { "--profile", name, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", path, "--truth", truthPath };
        if (sizeMb > 0)
        {
            args.AddRange(["--size-mb", sizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        int exit = GeneratorCommandLine.Run([.. args], TextWriter.Null, TextWriter.Null);
        Assert.Equal(GeneratorCommandLine.Success, exit);
        byte[] truthJson = File.ReadAllBytes(truthPath);
        var capture = new GeneratedCapture(File.ReadAllBytes(path), ParseTruth(truthJson), truthJson, OracleCapture.Read(path));
        Directory.Delete(directory, recursive: true);
        return capture;
    }
}
