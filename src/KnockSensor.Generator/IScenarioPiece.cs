namespace KnockSensor.Generator;

/// <summary>One ingredient of a scenario (background sessions, radiation, a scan, a door): schedules its processes.</summary>
internal interface IScenarioPiece
{
    /// <summary>Schedules the piece's spawners; <paramref name="random"/> is the piece's own stream.</summary>
    void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random);
}
