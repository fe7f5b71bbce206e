using KnockSensor.Knocks;
using KnockSensor.Windowing;

namespace KnockSensor.Cli;

/// <summary>Turns the command line into the knock detector's options: defaults, then <c>--paper</c>, then what the operator set.</summary>
public static class DetectorSettings
{
    public static KnockDetectorOptions From(CommandLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseline = options.Paper ? KnockDetectorOptions.Paper : new KnockDetectorOptions();
        var windowing = baseline.Windowing with
        {
            WindowSize = options.WindowSize,
            Policy = options.EveryPacket ? AccessPolicy.EveryPacket : AccessPolicy.ConnectionAttempts,
        };
        var mining = baseline.Mining with
        {
            HistoryLength = options.HistoryLength ?? baseline.Mining.HistoryLength,
            MinSupport = options.MinSupport ?? baseline.Mining.MinSupport,
            MinInterest = options.MinInterest ?? baseline.Mining.MinInterest,
            MinConfidence = options.MinConfidence ?? baseline.Mining.MinConfidence,
            MaxItemsetSize = options.MaxItemsetSize ?? baseline.Mining.MaxItemsetSize,
        };
        return baseline with
        {
            Windowing = windowing,
            Mining = mining,
            AutoMinSupport = baseline.AutoMinSupport && options.MinSupport is null,
            AutoMinInterest = baseline.AutoMinInterest && options.MinInterest is null,
            MinActivations = options.MinActivations ?? baseline.MinActivations,
        };
    }
}
