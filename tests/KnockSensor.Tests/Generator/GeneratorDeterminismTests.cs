using KnockSensor.Generator;

namespace KnockSensor.Tests.Generator;

public sealed class GeneratorDeterminismTests
{
    [Theory]
    [InlineData("sample", 0)]
    [InlineData("throughput", 2)]
    public void Same_profile_and_seed_give_the_same_bytes_and_truth(string profileName, int sizeMb)
    {
        GeneratorProfile profile = Profile(profileName);
        (byte[] first, GroundTruth firstTruth) = GeneratedCaptures.InMemory(profile, 42, sizeMb);
        (byte[] second, GroundTruth secondTruth) = GeneratedCaptures.InMemory(profile, 42, sizeMb);

        Assert.True(first.Length > 100_000, $"only {first.Length} bytes generated");
        Assert.True(first.AsSpan().SequenceEqual(second), "two runs with one seed wrote different captures");
        Assert.Equal(GeneratorCommandLine.SerializeTruth(firstTruth), GeneratorCommandLine.SerializeTruth(secondTruth));
    }

    [Theory]
    [InlineData("sample", 0)]
    [InlineData("throughput", 2)]
    public void Different_seeds_give_different_bytes(string profileName, int sizeMb)
    {
        GeneratorProfile profile = Profile(profileName);
        (byte[] first, _) = GeneratedCaptures.InMemory(profile, 1, sizeMb);
        (byte[] second, _) = GeneratedCaptures.InMemory(profile, 2, sizeMb);

        Assert.False(first.AsSpan().SequenceEqual(second), "seeds 1 and 2 wrote the same capture");
        // Same header, different traffic: the difference must start within the first records, not only at the end.
        Assert.True(first.AsSpan(0, 4096).SequenceCompareTo(second.AsSpan(0, 4096)) != 0);
    }

    [Fact]
    public void Command_line_file_equals_the_in_memory_generation()
    {
        (byte[] inMemory, GroundTruth truth) = GeneratedCaptures.InMemory(GeneratorProfile.Sample, 1, 0);
        GeneratedCapture fromFile = GeneratedCaptures.Sample;

        Assert.True(inMemory.AsSpan().SequenceEqual(fromFile.Bytes));
        Assert.Equal(GeneratorCommandLine.SerializeTruth(truth), fromFile.TruthJson);
    }

    [Fact]
    public void Committed_sample_is_what_the_generator_writes_today()
    {
        // The sample embedded in knocksensor must not drift from the generator: regenerate it with the command in
        // src/KnockSensor/Resources/README.md whenever this fails on purpose.
        string resources = Path.Combine(GeneratedCaptures.RepositoryRoot(), "src", "KnockSensor", "Resources");
        byte[] committed = File.ReadAllBytes(Path.Combine(resources, "sample.pcap"));
        byte[] committedTruth = File.ReadAllBytes(Path.Combine(resources, "sample.truth.json"));
        GeneratedCapture fresh = GeneratedCaptures.Sample;

        Assert.Equal(fresh.Bytes.Length, committed.Length);
        Assert.True(fresh.Bytes.AsSpan().SequenceEqual(committed), "src/KnockSensor/Resources/sample.pcap differs from a fresh generation");
        Assert.Equal(System.Text.Encoding.UTF8.GetString(fresh.TruthJson), System.Text.Encoding.UTF8.GetString(committedTruth));
        Assert.Contains(fresh.Truth.Command, File.ReadAllText(Path.Combine(resources, "README.md")));
    }

    private static GeneratorProfile Profile(string name) => GeneratorCommandLine.Parse(["--profile", name, "--out", "-"]).Profile;
}
