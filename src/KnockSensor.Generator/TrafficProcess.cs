namespace KnockSensor.Generator;

/// <summary>
/// Something that acts at known times: a script that emits packets, or a spawner that starts scripts.
/// The <see cref="TrafficScheduler"/> runs whichever process is due first.
/// </summary>
internal abstract class TrafficProcess
{
    /// <summary>When this process next acts; never earlier than the time it last acted.</summary>
    public long NextTimestampNs { get; protected set; }

    /// <summary>Set once the process will never act again.</summary>
    public bool IsFinished { get; protected set; }

    /// <summary>Acts at <see cref="NextTimestampNs"/>, then advances it or sets <see cref="IsFinished"/>.</summary>
    /// <returns>True when <paramref name="packet"/> holds a packet to write at that time.</returns>
    public abstract bool Fire(TrafficScheduler scheduler, out PacketSpec packet);
}
