using KnockSensor.Windowing;

namespace KnockSensor.Mining;

public sealed partial class RareRuleMiner
{
    private const uint StateTag = 0x4D49_4E45; // "MINE"
    private const byte StateVersion = 1;

    /// <summary>
    /// Writes what the miner needs to continue exactly: the history, the thresholds in use and those of the last pass
    /// (for the exact pass-skip), the candidate-state bounds, the current rules and the counters. The candidate items
    /// and per-window candidate counts follow from the history and the bounds, so they are rebuilt, not written.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteSection(StateTag, StateVersion);
        _history.WriteState(writer);
        writer.Write(_thresholdSupport);
        writer.Write(_thresholdInterest);
        writer.Write(_passedSupport);
        writer.Write(_passedInterest);
        writer.Write(_stateWindows);
        writer.Write(_stateMinCount);
        writer.Write(_stateMaxCount);
        writer.Write(_passes);
        writer.Write(_windowsSkipped);
        writer.Write(_itemsEvicted);
        writer.Write(_truncatedPasses);
        writer.Write(_rulesDropped);
        writer.Write(_candidatesEvaluated);
        writer.Write(_passesSkipped);
        writer.Write(_lastCandidates);
        writer.Write(_peakCandidates);
        writer.Write(_peakWindowItems);
        writer.Write(Rules.Count);
        foreach (var rule in Rules)
        {
            writer.WriteRule(rule);
        }
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote into a fresh miner built with the same history length.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ReadSection(StateTag, StateVersion, "miner");
        _history.ReadState(reader);
        _thresholdSupport = reader.ReadDouble();
        _thresholdInterest = reader.ReadDouble();
        _passedSupport = reader.ReadDouble();
        _passedInterest = reader.ReadDouble();
        if (!(_thresholdSupport is >= 0 and <= 1) || !(_thresholdInterest is >= 0 and <= 1))
        {
            StateBinary.ThrowInvalid($"miner thresholds minSupp {_thresholdSupport}, minInte {_thresholdInterest} are not fractions");
        }

        var stateWindows = reader.ReadInt32();
        var stateMinCount = reader.ReadInt32();
        var stateMaxCount = reader.ReadInt32();
        if (stateWindows != -1 && stateWindows != _history.Count)
        {
            // Every pass brings the candidate state to the history's n, so any other value is damage.
            StateBinary.ThrowInvalid($"candidate state for {stateWindows} windows, history holds {_history.Count}");
        }

        _passes = reader.ReadInt64();
        _windowsSkipped = reader.ReadInt64();
        _itemsEvicted = reader.ReadInt64();
        _truncatedPasses = reader.ReadInt64();
        _rulesDropped = reader.ReadInt64();
        _candidatesEvaluated = reader.ReadInt64();
        _passesSkipped = reader.ReadInt64();
        _lastCandidates = reader.ReadInt32();
        _peakCandidates = reader.ReadInt32();
        _peakWindowItems = reader.ReadInt32();
        var ruleCount = reader.ReadCount(1 << 24, "rules", 48);
        var rules = new KnockRule[ruleCount];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = reader.ReadRule();
        }

        // An empty list is the same shared empty array a pass returns, so reference comparisons downstream behave alike.
        Rules = ruleCount == 0 ? [] : rules;
        RebuildCandidates(stateWindows, stateMinCount, stateMaxCount);
    }

    /// <summary>Rebuilds the candidate items and per-slot counts from the held windows for these bounds (a threshold change, or a restore).</summary>
    private void RebuildCandidates(int windows, int minCount, int maxCount)
    {
        foreach (var item in _candidates.AsSpan(0, _candidateCount))
        {
            _candidatePosition[item.Value] = 0;
        }

        _candidateCount = 0;
        _stateWindows = windows;
        _stateMinCount = minCount;
        _stateMaxCount = maxCount;
        if (windows < 0)
        {
            return;
        }

        for (var slot = 0; slot < windows; slot++)
        {
            var inWindow = 0;
            foreach (var item in _history.SlotItems(slot))
            {
                if (!IsCandidateCount(_history.WindowCount(item)))
                {
                    continue;
                }

                inWindow++;
                if (_candidatePosition[item.Value] == 0)
                {
                    AddCandidate(item);
                }
            }

            _slotCandidateCounts[slot] = inWindow;
        }
    }
}
