namespace KnockSensor.Generator;

/// <summary>What every scenario piece shares: the network, the time window, the traffic mix and the truth being recorded.</summary>
internal sealed class ScenarioContext(HomeNetwork network, long startNs, long endNs, TrafficMix mix, GroundTruthRecorder truth)
{
    public HomeNetwork Network { get; } = network;

    public long StartNs { get; } = startNs;

    /// <summary>When spawning stops (conversations under way still finish).</summary>
    public long EndNs { get; } = endNs;

    public TrafficMix Mix { get; } = mix;

    public GroundTruthRecorder Truth { get; } = truth;
}
