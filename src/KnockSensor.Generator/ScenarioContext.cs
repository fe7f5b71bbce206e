namespace KnockSensor.Generator;

/// <summary>What every scenario piece shares: the network, the start time, the traffic mix and the truth being recorded.</summary>
internal sealed class ScenarioContext(HomeNetwork network, long startNs, TrafficMix mix, GroundTruthRecorder truth)
{
    public HomeNetwork Network { get; } = network;

    public long StartNs { get; } = startNs;

    public TrafficMix Mix { get; } = mix;

    public GroundTruthRecorder Truth { get; } = truth;
}
