namespace KnockSensor.Live;

/// <summary>
/// Housekeeping that reads the capture threads' own totals (metrics): handed the pipeline once it exists, before
/// capture starts, so it can find each thread's decode counters and kernel statistics.
/// </summary>
public interface ILiveCaptureObserver
{
    void Attach(LivePipeline pipeline);
}
