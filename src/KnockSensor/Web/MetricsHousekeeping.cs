using KnockSensor.Capture.Live;
using KnockSensor.Live;
using KnockSensor.Metrics;

namespace KnockSensor.Web;

/// <summary>
/// Publishes the metrics from the live merging thread: once per housekeeping tick and a last time after the final
/// drain, so a scrape during shutdown sees the final totals. Never runs per packet.
/// </summary>
/// <param name="publisher">What copies the totals.</param>
/// <param name="captureStarting">Called once capture is about to start (the sources opened): where the endpoint announces itself.</param>
public sealed class MetricsHousekeeping(MetricsPublisher publisher, Action? captureStarting = null) : ILiveHousekeeping, ILiveCaptureObserver
{
    public MetricsPublisher Publisher => publisher;

    public void Attach(LivePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        captureStarting?.Invoke();
        var workers = pipeline.Workers;
        publisher.AttachCapture(
            workers.Select(static worker => worker.Counters).ToArray(),
            () =>
            {
                // Each worker refreshes its kernel totals about once a second on its own thread; see MetricsPublisher's remarks.
                var total = default(CaptureStatistics);
                foreach (var worker in workers)
                {
                    total += worker.Statistics;
                }

                return total;
            });
    }

    public void Tick(long nowNs) => publisher.Publish();

    public void Complete(long nowNs) => publisher.Publish();
}
