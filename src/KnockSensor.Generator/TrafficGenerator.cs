using KnockSensor.Capture;

namespace KnockSensor.Generator;

/// <summary>Runs one profile for one seed into a stream and returns the ground truth of what it wrote.</summary>
internal static class TrafficGenerator
{
    /// <summary>The seed used when none is given.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>The throughput profile's size when none is given.</summary>
    public const int DefaultSizeMb = 1024;

    /// <summary>
    /// Writes the capture; <paramref name="knocks"/> false leaves the knock doors out while every other piece, on its
    /// own forked stream, writes exactly what it writes with them.
    /// </summary>
    public static GroundTruth Generate(GeneratorProfile profile, ulong seed, int sizeMb, Stream output, bool knocks = true)
    {
        if (profile == GeneratorProfile.Fortnight)
        {
            return FortnightCapture.Generate(seed, output);
        }

        var network = new HomeNetwork();
        Scenario scenario = Scenario.Create(profile, seed, sizeMb, network);
        var truth = new GroundTruthRecorder();
        var context = new ScenarioContext(network, scenario.StartNs, scenario.Mix, truth);
        var scheduler = new TrafficScheduler(scenario.EndNs, scenario.TargetBytes);
        // Each piece draws from its own stream, forked by position, so adding a piece leaves the others unchanged.
        var root = new DeterministicRandom(seed);
        for (int i = 0; i < scenario.Pieces.Count; i++)
        {
            if (!knocks && scenario.Pieces[i] is KnockDoor)
            {
                continue;
            }

            scenario.Pieces[i].Start(scheduler, context, root.Fork((ulong)i + 1));
        }

        using (var writer = new PcapFileWriter(output, LinkType.Ethernet, TimestampPrecision.Microsecond))
        {
            scheduler.Run(writer);
        }

        string command = CommandFor(profile, seed, sizeMb) + (knocks ? "" : " --no-knocks");
        return truth.Build(ProfileName(profile), seed, command, scheduler.Totals);
    }

    public static string ProfileName(GeneratorProfile profile) => profile switch
    {
        GeneratorProfile.Sample => "sample",
        GeneratorProfile.Throughput => "throughput",
        GeneratorProfile.Paper => "paper",
        GeneratorProfile.Fortnight => "fortnight",
        _ => "day",
    };

    /// <summary>The options that reproduce a capture (paths left out: they do not change its bytes).</summary>
    public static string CommandFor(GeneratorProfile profile, ulong seed, int sizeMb) => profile == GeneratorProfile.Throughput
        ? $"knocksensor-gen --profile {ProfileName(profile)} --seed {seed} --size-mb {sizeMb}"
        : $"knocksensor-gen --profile {ProfileName(profile)} --seed {seed}";
}
