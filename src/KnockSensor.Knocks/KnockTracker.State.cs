using System.Collections.Immutable;
using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

internal sealed partial class KnockTracker
{
    /// <summary>Writes every tracked door (items, votes, shell connections, activations, sources, last report) in discovery order, and the counters.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Dropped);
        writer.Write(ActivationsCounted);
        writer.Write(Oversized);
        writer.Write(_knocks.Count);
        foreach (var door in _knocks)
        {
            WriteDoor(writer, door);
        }
    }

    /// <summary>Restores the doors into an empty tracker; the per-host index is rebuilt in discovery order, as it was filled.</summary>
    public void ReadState(BinaryReader reader)
    {
        if (_knocks.Count != 0)
        {
            throw new InvalidOperationException("State is restored into an empty tracker only.");
        }

        Dropped = reader.ReadInt64();
        ActivationsCounted = reader.ReadInt64();
        Oversized = reader.ReadInt64();
        var count = reader.ReadCount(1 << 20, "tracked knocks", 64);
        for (var i = 0; i < count; i++)
        {
            var door = ReadDoor(reader);
            if (door.Id != i + 1)
            {
                StateBinary.ThrowInvalid($"tracked knock {i + 1} has id {door.Id}");
            }

            _knocks.Add(door);
            if (!_byHost.TryGetValue(door.Destination, out var doors))
            {
                doors = [];
                _byHost[door.Destination] = doors;
            }

            doors.Add(door);
        }
    }

    private static void WriteDoor(BinaryWriter writer, TrackedKnock door)
    {
        writer.Write(door.Id);
        writer.WriteAddress(door.Destination);
        writer.Write(door.Items.Count);
        foreach (var item in door.Items)
        {
            writer.WriteItem(item);
        }

        writer.Write(door.Precedence.Count);
        foreach (var ((first, second), votes) in door.Precedence)
        {
            writer.WriteItem(first);
            writer.WriteItem(second);
            writer.Write(votes);
        }

        WriteVotes(writer, door.ShellVotes);
        WriteVotes(writer, door.AnsweredVotes);
        writer.Write(door.ShellConnections.Count);
        foreach (var connection in door.ShellConnections.Values)
        {
            WriteConnection(writer, connection);
        }

        writer.Write(door.VotingActivations);
        writer.Write(door.Activations);
        writer.Write(door.FirstSeenNs);
        writer.Write(door.LastSeenNs);
        writer.Write(door.LastActivationEndNs);
        writer.Write(door.Sources.Count);
        foreach (var source in door.Sources)
        {
            writer.WriteAddress(source);
        }

        writer.Write(door.SourceSet.Count);
        foreach (var source in door.SourceSet)
        {
            writer.WriteAddress(source);
        }

        writer.Write(door.Reported is not null);
        if (door.Reported is { } reported)
        {
            writer.Write(reported.Id);
            writer.WriteAddress(reported.Destination);
            writer.Write(reported.Sequence.Length);
            foreach (var item in reported.Sequence)
            {
                writer.WriteItem(item);
            }

            writer.Write(reported.ShellPort is not null);
            writer.WriteItem(reported.ShellPort ?? default);
            writer.Write(reported.Connection is not null);
            if (reported.Connection is { } connection)
            {
                WriteConnection(writer, connection);
            }

            writer.Write(reported.Activations);
            writer.Write(reported.FirstSeenNs);
            writer.Write(reported.LastSeenNs);
            writer.Write(reported.Sources.Length);
            foreach (var source in reported.Sources)
            {
                writer.WriteAddress(source);
            }

            writer.Write(reported.SourceCount);
            writer.Write(reported.IsUpdate);
        }
    }

    private static TrackedKnock ReadDoor(BinaryReader reader)
    {
        var door = new TrackedKnock(reader.ReadInt32(), reader.ReadAddress());
        var items = reader.ReadCount(KnockItem.Count, "door items", 4);
        for (var i = 0; i < items; i++)
        {
            door.Items.Add(reader.ReadItem());
        }

        var precedence = reader.ReadCount(1 << 24, "door precedence pairs", 12);
        for (var i = 0; i < precedence; i++)
        {
            var first = reader.ReadItem();
            var second = reader.ReadItem();
            if (!door.Precedence.TryAdd((first, second), reader.ReadInt32()))
            {
                StateBinary.ThrowInvalid($"door {door.Id} lists the precedence of {first} over {second} twice");
            }
        }

        ReadVotes(reader, door.ShellVotes, door.Id);
        ReadVotes(reader, door.AnsweredVotes, door.Id);
        var connections = reader.ReadCount(KnockItem.Count, "door shell connections", ConnectionBytes);
        for (var i = 0; i < connections; i++)
        {
            var connection = ReadConnection(reader);
            if (!door.ShellConnections.TryAdd(connection.Item, connection))
            {
                StateBinary.ThrowInvalid($"door {door.Id} lists the connection to {connection.Item} twice");
            }
        }

        door.VotingActivations = reader.ReadInt32();
        door.Activations = reader.ReadInt64();
        door.FirstSeenNs = reader.ReadInt64();
        door.LastSeenNs = reader.ReadInt64();
        door.LastActivationEndNs = reader.ReadInt64();
        var sources = reader.ReadCount(1 << 20, "door sources", 16);
        for (var i = 0; i < sources; i++)
        {
            door.Sources.Add(reader.ReadAddress());
        }

        var distinct = reader.ReadCount(1 << 20, "door distinct sources", 16);
        for (var i = 0; i < distinct; i++)
        {
            door.SourceSet.Add(reader.ReadAddress());
        }

        if (reader.ReadBoolean())
        {
            var id = reader.ReadInt32();
            var destination = reader.ReadAddress();
            var length = reader.ReadCount(KnockItem.Count, "reported sequence", 4);
            var sequence = ImmutableArray.CreateBuilder<KnockItem>(length);
            for (var i = 0; i < length; i++)
            {
                sequence.Add(reader.ReadItem());
            }

            var hasShell = reader.ReadBoolean();
            var shell = reader.ReadItem();
            ShellConnection? connection = reader.ReadBoolean() ? ReadConnection(reader) : null;
            var activations = reader.ReadInt64();
            var first = reader.ReadInt64();
            var last = reader.ReadInt64();
            var reportedSources = reader.ReadCount(1 << 20, "reported sources", 16);
            var sourceList = ImmutableArray.CreateBuilder<PacketAddress>(reportedSources);
            for (var i = 0; i < reportedSources; i++)
            {
                sourceList.Add(reader.ReadAddress());
            }

            var sourceCount = reader.ReadInt32();
            door.Reported = new KnockSequence(id, destination, sequence.MoveToImmutable(), hasShell ? shell : null, activations, first, last, sourceList.MoveToImmutable(), sourceCount, reader.ReadBoolean(), connection);
        }

        return door;
    }

    /// <summary>Bytes one <see cref="ShellConnection"/> takes in a snapshot.</summary>
    private const int ConnectionBytes = 16 + 2 + 16 + 4 + 8;

    private static void WriteConnection(BinaryWriter writer, in ShellConnection connection)
    {
        writer.WriteAddress(connection.Source);
        writer.Write(connection.SourcePort);
        writer.WriteAddress(connection.Destination);
        writer.WriteItem(connection.Item);
        writer.Write(connection.TimestampNs);
    }

    private static ShellConnection ReadConnection(BinaryReader reader)
    {
        var source = reader.ReadAddress();
        var sourcePort = reader.ReadUInt16();
        var destination = reader.ReadAddress();
        var item = reader.ReadItem();
        return new ShellConnection(source, sourcePort, destination, item, reader.ReadInt64());
    }

    private static void WriteVotes(BinaryWriter writer, Dictionary<KnockItem, int> votes)
    {
        writer.Write(votes.Count);
        foreach (var (item, count) in votes)
        {
            writer.WriteItem(item);
            writer.Write(count);
        }
    }

    private static void ReadVotes(BinaryReader reader, Dictionary<KnockItem, int> votes, int door)
    {
        var count = reader.ReadCount(KnockItem.Count, "door votes", 8);
        for (var i = 0; i < count; i++)
        {
            var item = reader.ReadItem();
            if (!votes.TryAdd(item, reader.ReadInt32()))
            {
                StateBinary.ThrowInvalid($"door {door} lists the votes for {item} twice");
            }
        }
    }
}
