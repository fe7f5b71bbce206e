namespace KnockSensor.Quiescent;

public sealed partial class QuiescentMonitor
{
    /// <summary>
    /// Writes everything the monitor needs to continue exactly: the learned <see cref="State"/>, the open bin's
    /// counters, the flow table and the totals. <see cref="Anomalies"/> is not written: the caller drains it before a
    /// snapshot (an anomaly written to the event log must not come back after a restart).
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StateChecks.MonitorTag);
        writer.Write(StateChecks.MonitorVersion);
        writer.Write(_options.BinSeconds);
        writer.Write(_openBin);
        writer.Write(Packets);
        writer.Write(LatePackets);
        State.WriteState(writer);
        _bin.WriteState(writer);
        _flows.WriteState(writer);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote into a monitor that has seen nothing yet, built with the same options.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (Packets != 0 || State.BinsClosed != 0)
        {
            throw new InvalidOperationException("State is restored into a monitor that has seen nothing yet.");
        }

        StateChecks.Expect(reader.ReadUInt32(), StateChecks.MonitorTag, "quiescent monitor section tag");
        StateChecks.Expect(reader.ReadByte(), StateChecks.MonitorVersion, "quiescent monitor section version");
        StateChecks.Expect(reader.ReadInt32(), _options.BinSeconds, "bin seconds");
        var openBin = reader.ReadInt64();
        Packets = reader.ReadInt64();
        LatePackets = reader.ReadInt64();
        State.ReadState(reader);
        if (openBin < -1 || (openBin >= 0 && openBin <= State.LastClosedBin))
        {
            StateChecks.Throw($"open bin {openBin} is not after the last closed bin {State.LastClosedBin}");
        }

        _bin.ReadState(reader);
        _flows.ReadState(reader);
        if (openBin >= 0)
        {
            Open(openBin);
        }
        else
        {
            _openBin = -1;
            _openBinStartNs = long.MaxValue;
            _openBinEndNs = long.MinValue;
        }
    }
}
