using KnockSensor.Decode;
using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

public sealed partial class KnockDetector
{
    private const uint StateTag = 0x4B4E_4F43; // "KNOC"
    // 2: accesses carry their source port; doors keep their shell connections (the knock event's flow).
    private const byte StateVersion = 2;

    /// <summary>
    /// Writes everything stages 3–5 need to continue exactly where they are: the windower (open windows, episodes,
    /// scanners), the miner (history, thresholds, rules), the held access logs, the rules already reported, the door
    /// edges of the current rules and the tracked doors, with every counter. Call on the thread that owns the
    /// detector, between <see cref="Add"/> calls. Observers are not told anything.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteSection(StateTag, StateVersion);
        Windower.WriteState(writer);
        _miner.WriteState(writer);
        _logs.WriteState(writer);
        _attribution.WriteState(writer);
        writer.Write(_rulesReported);
        writer.Write(_rulesWithoutHost);
        writer.Write(_rulesNotAttributed);
        writer.Write(_lastWindowEndNs);

        // Whether the edges below belong to the miner's current rule list (its pass-skip hands back the same list).
        writer.Write(_tiedRules is not null && ReferenceEquals(_tiedRules, _miner.Rules));
        writer.Write(_edges.Count);
        foreach (var (host, a, b) in _edges)
        {
            writer.WriteAddress(host);
            writer.WriteItem(a);
            writer.WriteItem(b);
        }

        writer.Write(_reported.Count);
        foreach (var (host, x, y) in _reported)
        {
            writer.Write(host.HasValue);
            writer.WriteAddress(host.GetValueOrDefault());
            writer.WriteItems(x);
            writer.WriteItems(y);
        }

        _tracker.WriteState(writer);
    }

    /// <summary>
    /// Restores what <see cref="WriteState"/> wrote into a detector that has seen nothing yet, built with the same
    /// state-shaping options (window size, policy, history length, …). Thresholds the operator fixed in this run's
    /// options win over the saved ones; automatic ones continue from the saved values. Throws
    /// <see cref="InvalidDataException"/> on damage; the detector is then unusable and must be replaced.
    /// </summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (Windower.Counters.Events != 0 || _miner.History.WindowsAdded != 0)
        {
            throw new InvalidOperationException("State is restored into a detector that has seen nothing yet.");
        }

        reader.ReadSection(StateTag, StateVersion, "knock detector");
        Windower.ReadState(reader);
        _miner.ReadState(reader);
        if (!_options.AutoMinSupport && !_options.AutoMinInterest)
        {
            _miner.UseThresholds(_options.Mining.MinSupport, _options.Mining.MinInterest);
        }

        _logs.ReadState(reader);
        _attribution.ReadState(reader);
        _rulesReported = reader.ReadInt64();
        _rulesWithoutHost = reader.ReadInt64();
        _rulesNotAttributed = reader.ReadInt64();
        _lastWindowEndNs = reader.ReadInt64();
        _tiedRules = reader.ReadBoolean() ? _miner.Rules : null;
        _edges.Clear();
        var edges = reader.ReadCount(1 << 24, "door edges", 24);
        for (var i = 0; i < edges; i++)
        {
            var host = reader.ReadAddress();
            var a = reader.ReadItem();
            _edges.Add((host, a, reader.ReadItem()));
        }

        _reported.Clear();
        var reported = reader.ReadCount(1 << 24, "reported rules", 25);
        for (var i = 0; i < reported; i++)
        {
            var hasHost = reader.ReadBoolean();
            var address = reader.ReadAddress();
            PacketAddress? host = hasHost ? address : null;
            var x = reader.ReadItems();
            if (!_reported.Add((host, x, reader.ReadItems())))
            {
                StateBinary.ThrowInvalid("a reported rule is listed twice");
            }
        }

        _tracker.ReadState(reader);
    }
}
