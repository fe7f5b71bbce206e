using System.Globalization;
using System.Text.Json;

namespace KnockSensor.Generator;

/// <summary>Parses <c>knocksensor-gen</c>'s arguments and runs it. Exit codes: 0 done, 1 I/O failure, 2 usage error.</summary>
internal static class GeneratorCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Largest --size-mb accepted: 64 GiB, far beyond any benchmark, well inside the byte counters.</summary>
    private const int MaxSizeMb = 65_536;

    public const string Usage = """
        Usage: knocksensor-gen --profile sample|throughput|day|paper|fortnight --out FILE [--seed N] [--size-mb N]
                               [--truth FILE] [--no-knocks]
               knocksensor-gen --help

        Writes a deterministic classic pcap (Ethernet, microsecond stamps): the same profile and seed give the same
        bytes on every machine.

          --profile NAME   sample      five minutes of a home network with two knock doors, a vertical and a
                                       horizontal scan (the capture embedded in knocksensor)
                           throughput  small frames (about 110 B on average) until the file reaches --size-mb
                           day         24 hours of background with knock doors and scans spread over the day
                           paper       like the paper's first dataset: one attacker knocks one target's four TCP
                                       ports five times, each time followed by a shell connection (~20,000 packets)
                           fortnight   14 days of connection attempts for the quiescent-port monitor: hourly
                                       vertical scans, services, backscatter, injected port anomalies
          --out FILE       the capture to write; - for standard output
          --seed N         an unsigned 64-bit seed (default 1)
          --size-mb N      throughput only: stop starting conversations at N MiB (default 1024)
          --truth FILE     also write the ground truth (knocks, scans, totals) as JSON; - for standard output
          --no-knocks      leave the knock doors out, keep everything else the same (the truth's knocks is empty)
          --help           this text

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        GeneratorOptions options;
        try
        {
            options = Parse(args);
        }
        catch (GeneratorUsageException e)
        {
            stderr.WriteLine($"knocksensor-gen: {e.Message}");
            stderr.WriteLine("Try 'knocksensor-gen --help'.");
            return UsageError;
        }

        if (options.Help)
        {
            stdout.Write(Usage);
            return Success;
        }

        try
        {
            GroundTruth truth;
            bool toStdout = options.OutputPath == "-";
            using (Stream output = toStdout
                ? Console.OpenStandardOutput()
                : new FileStream(options.OutputPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0))
            {
                truth = TrafficGenerator.Generate(options.Profile, options.Seed, options.SizeMb, output, knocks: !options.NoKnocks);
            }

            if (options.TruthPath == "-")
            {
                using Stream standardOutput = Console.OpenStandardOutput();
                standardOutput.Write(SerializeTruth(truth));
            }
            else if (options.TruthPath is not null)
            {
                File.WriteAllBytes(options.TruthPath, SerializeTruth(truth));
            }

            // With the capture or the truth on stdout, the summary must not mix into it.
            TextWriter report = toStdout || options.TruthPath == "-" ? stderr : stdout;
            report.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"knocksensor-gen: {truth.Profile} seed {truth.Seed}: {truth.Totals.Packets} packets, {truth.Totals.Bytes} frame bytes, {truth.Knocks.Count} knock doors, {truth.Scans.Count} scans, {truth.Start} to {truth.End}"));
            return Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"knocksensor-gen: {e.Message}");
            return Failure;
        }
    }

    /// <summary>The ground truth as UTF-8 JSON with a final newline.</summary>
    public static byte[] SerializeTruth(GroundTruth truth)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(truth, GroundTruthJsonContext.Default.GroundTruth);
        return [.. json, (byte)'\n'];
    }

    public static GeneratorOptions Parse(string[] args)
    {
        GeneratorProfile? profile = null;
        string? output = null;
        string? truth = null;
        ulong seed = TrafficGenerator.DefaultSeed;
        int? sizeMb = null;
        bool noKnocks = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    return new GeneratorOptions { Help = true };
                case "--profile":
                    profile = Value(args, ref i) switch
                    {
                        "sample" => GeneratorProfile.Sample,
                        "throughput" => GeneratorProfile.Throughput,
                        "day" => GeneratorProfile.Day,
                        "paper" => GeneratorProfile.Paper,
                        "fortnight" => GeneratorProfile.Fortnight,
                        string other => throw new GeneratorUsageException($"unknown profile '{other}' (expected sample, throughput, day, paper or fortnight)"),
                    };
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--truth":
                    truth = Value(args, ref i);
                    break;
                case "--no-knocks":
                    noKnocks = true;
                    break;
                case "--seed":
                    string seedText = Value(args, ref i);
                    if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                    {
                        throw new GeneratorUsageException($"--seed needs an unsigned 64-bit integer, not '{seedText}'");
                    }

                    break;
                case "--size-mb":
                    string sizeText = Value(args, ref i);
                    if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1 || size > MaxSizeMb)
                    {
                        throw new GeneratorUsageException($"--size-mb needs a whole number from 1 to {MaxSizeMb}, not '{sizeText}'");
                    }

                    sizeMb = size;
                    break;
                default:
                    throw new GeneratorUsageException($"unknown argument '{arg}'");
            }
        }

        if (profile is null)
        {
            throw new GeneratorUsageException("--profile is required");
        }

        if (output is null)
        {
            throw new GeneratorUsageException("--out is required");
        }

        if (sizeMb is not null && profile != GeneratorProfile.Throughput)
        {
            throw new GeneratorUsageException("--size-mb applies to the throughput profile only");
        }

        if (truth == "-" && output == "-")
        {
            throw new GeneratorUsageException("the capture and the truth cannot both go to standard output");
        }

        return new GeneratorOptions
        {
            Profile = profile.Value,
            OutputPath = output,
            TruthPath = truth,
            Seed = seed,
            SizeMb = sizeMb ?? TrafficGenerator.DefaultSizeMb,
            NoKnocks = noKnocks,
        };
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || args[i + 1].Length == 0)
        {
            throw new GeneratorUsageException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
