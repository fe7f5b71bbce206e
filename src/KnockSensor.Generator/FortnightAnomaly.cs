namespace KnockSensor.Generator;

/// <summary>An injected deviation of the fortnight profile and the verdict the quiescent-port monitor should give.</summary>
/// <param name="Name">What it stands for.</param>
/// <param name="Protocol">"tcp" or "udp".</param>
/// <param name="Port">Destination port.</param>
/// <param name="StartNs">First packet's hour.</param>
/// <param name="EndNs">End of its last hour.</param>
/// <param name="Classification">Expected verdict: localized, horizontal_scan or worm.</param>
/// <param name="DuringLearning">Injected while the monitor is still learning (must not be learned as normal).</param>
internal sealed record FortnightAnomaly(string Name, string Protocol, int Port, long StartNs, long EndNs, string Classification, bool DuringLearning);
