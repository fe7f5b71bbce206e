namespace KnockSensor.Live;

/// <summary>
/// Work a long-running capture does now and then beside the packets — publishing metrics, writing a state snapshot —
/// on the merging thread, the one thread that owns the stages, so it can read them without locks.
/// </summary>
public interface ILiveHousekeeping
{
    /// <summary>Called on the merging thread about once per <see cref="LivePipeline.HousekeepingIntervalMilliseconds"/>, between batches.</summary>
    /// <param name="nowNs">Wall clock, ns since the epoch.</param>
    void Tick(long nowNs);

    /// <summary>Called once on the merging thread after the final drain and the stages' flush.</summary>
    /// <param name="nowNs">Wall clock, ns since the epoch.</param>
    void Complete(long nowNs);
}
