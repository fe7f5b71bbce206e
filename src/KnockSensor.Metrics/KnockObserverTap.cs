using KnockSensor.Knocks;

namespace KnockSensor.Metrics;

/// <summary>
/// Sits between the knock detector and its observer (the event writer) and keeps the totals the detector does not:
/// doors reported (first event per id) and activations on reported doors. Forwards every call unchanged.
/// </summary>
/// <remarks>
/// Runs on the detector's thread, the one the publisher reads it on, so plain fields suffice. One entry per reported
/// door: bounded by <see cref="KnockDetectorOptions.MaxKnocks"/>.
/// </remarks>
public sealed class KnockObserverTap(IKnockObserver? inner) : IKnockObserver
{
    private readonly Dictionary<int, long> _activationsById = [];

    /// <summary>Doors reported: distinct knock ids seen.</summary>
    public long KnocksReported => _activationsById.Count;

    /// <summary>Activations of reported doors, by their latest report.</summary>
    public long Activations { get; private set; }

    public void OnRule(ReportedRule rule) => inner?.OnRule(rule);

    public void OnKnock(KnockSequence knock)
    {
        ArgumentNullException.ThrowIfNull(knock);
        _activationsById.TryGetValue(knock.Id, out var before);
        if (knock.Activations > before)
        {
            Activations += knock.Activations - before;
        }

        _activationsById[knock.Id] = Math.Max(before, knock.Activations);
        inner?.OnKnock(knock);
    }
}
