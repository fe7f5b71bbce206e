using System.Globalization;
using System.Text;
using KnockSensor.Knocks;
using KnockSensor.Quiescent;

namespace KnockSensor.State;

/// <summary>
/// The options that shape the saved state, as one canonical line of <c>name=value</c> fields and a 64-bit hash of it.
/// A snapshot taken under a different line is incompatible: its windows, history slots or bins would mean something
/// else here. Options that only steer what is reported (thresholds, minConf, caps on reports) are not part of it, so
/// an operator can change them without losing the history.
/// </summary>
public sealed record StateFingerprint(string Description, ulong Hash)
{
    public static StateFingerprint Of(KnockDetectorOptions detector, QuiescentOptions? quiescent)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var windowing = detector.Windowing;
        text.Append(c, $"window-size={windowing.WindowSize}");
        text.Append(c, $" access-policy={windowing.Policy}");
        text.Append(c, $" keep-knocks-whole={windowing.KeepKnocksWhole}");
        text.Append(c, $" max-open-windows={windowing.MaxOpenWindows}");
        text.Append(c, $" episode-gap-ms={windowing.EpisodeGap.TotalMilliseconds}");
        text.Append(c, $" scanner-items={windowing.ScannerDistinctItems}");
        text.Append(c, $" scanner-horizon-ms={windowing.ScannerHorizon.TotalMilliseconds}");
        text.Append(c, $" history-length={detector.Mining.HistoryLength}");
        if (quiescent is null)
        {
            text.Append(" quiescent=off");
        }
        else
        {
            text.Append(" quiescent=on");
            text.Append(c, $" bin-seconds={quiescent.BinSeconds}");
            text.Append(c, $" history-bins={quiescent.HistoryBins}");
            text.Append(c, $" home-net={(quiescent.HomeNetworks.Count == 0 ? "none" : string.Join(',', quiescent.HomeNetworks.Prefixes))}");
            text.Append(c, $" flow-table={quiescent.FlowTableCapacity}");
            text.Append(c, $" flow-idle-seconds={quiescent.FlowIdleTimeoutSeconds}");
            text.Append(c, $" max-keys-per-bin={quiescent.MaxKeysPerBin}");
            text.Append(c, $" max-tracked-keys={quiescent.MaxTrackedKeys}");
        }

        var description = text.ToString();
        return new StateFingerprint(description, HashOf(description));
    }

    /// <summary>FNV-1a over the UTF-8 bytes: stable across runs and machines (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static ulong HashOf(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var hash = 0xCBF2_9CE4_8422_2325UL;
        foreach (var b in Encoding.UTF8.GetBytes(description))
        {
            hash = (hash ^ b) * 0x0000_0100_0000_01B3UL;
        }

        return hash;
    }

    /// <summary>The fields that differ, as <c>name: snapshot X, now Y</c>; or the whole lines when they do not parse as fields.</summary>
    public static string Difference(string snapshot, string current)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(current);
        var before = Fields(snapshot);
        var now = Fields(current);
        var differences = new List<string>();
        foreach (var (name, value) in now)
        {
            // A field only one side has (the quiescent monitor's, when it is on in one run only) adds nothing to
            // the difference of the field that switches it.
            if (before.TryGetValue(name, out var old) && old != value)
            {
                differences.Add($"{name}: snapshot {old}, now {value}");
            }
        }

        return differences.Count > 0 ? string.Join("; ", differences) : $"snapshot '{snapshot}', now '{current}'";
    }

    private static Dictionary<string, string> Fields(string description)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in description.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[field[..equals]] = field[(equals + 1)..];
            }
        }

        return fields;
    }
}
