namespace KnockSensor.Windowing;

public sealed partial class PortWindower
{
    private const uint StateTag = 0x5749_4E44; // "WIND"
    // 2: logged accesses carry their source port.
    private const byte StateVersion = 2;

    /// <summary>
    /// Writes everything the windower needs to continue exactly where it is: the open windows with their logs, the
    /// episode tables, the scanner tracker and the counters. Call between <see cref="Add"/> calls, on the owning thread.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteSection(StateTag, StateVersion);
        writer.Write(_windowSize);
        writer.Write(_keepWhole);
        writer.Write(_maxOpenWindows);
        writer.Write((byte)_policy);
        writer.Write(_oldest);
        writer.Write(_generation);
        writer.Write(_events);
        writer.Write(_accesses);
        writer.Write(_windowsClosed);
        writer.Write(_scannerAccesses);
        writer.Write(_lateJoins);
        for (var generation = _oldest; generation <= _generation; generation++)
        {
            Window(generation).WriteState(writer);
        }

        _pairEpisodes?.WriteState(writer);
        _hostEpisodes?.WriteState(writer);
        writer.Write(Scanners is not null);
        Scanners?.WriteState(writer);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote into a windower built with the same options.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ReadSection(StateTag, StateVersion, "windower");
        StateBinary.Expect(reader.ReadInt32(), _windowSize, "window size");
        StateBinary.Expect(reader.ReadBoolean() ? 1 : 0, _keepWhole ? 1 : 0, "keep knocks whole");
        StateBinary.Expect(reader.ReadInt32(), _maxOpenWindows, "most open windows");
        StateBinary.Expect(reader.ReadByte(), (byte)_policy, "access policy");
        var oldest = reader.ReadInt64();
        var generation = reader.ReadInt64();
        if (oldest < 2 || generation < oldest || generation - oldest >= _maxOpenWindows)
        {
            StateBinary.ThrowInvalid($"open window generations {oldest}..{generation} do not fit {_maxOpenWindows} open windows");
        }

        _events = reader.ReadInt64();
        _accesses = reader.ReadInt64();
        _windowsClosed = reader.ReadInt64();
        _scannerAccesses = reader.ReadInt64();
        _lateJoins = reader.ReadInt64();
        foreach (var window in _ring)
        {
            window?.Clear();
        }

        _oldest = oldest;
        _generation = generation;
        for (var g = oldest; g <= generation; g++)
        {
            Window(g).ReadState(reader);
        }

        _current = Window(_generation);
        _oldestWindow = Window(_oldest);
        _pairEpisodes?.ReadState(reader);
        _hostEpisodes?.ReadState(reader);
        var hasScanners = reader.ReadBoolean();
        if (hasScanners != Scanners is not null)
        {
            StateBinary.ThrowInvalid(hasScanners ? "the snapshot has a scanner tracker, this windower none" : "the snapshot has no scanner tracker, this windower has one");
        }

        Scanners?.ReadState(reader);
    }
}
