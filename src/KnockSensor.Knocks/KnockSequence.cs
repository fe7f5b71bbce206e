using System.Collections.Immutable;
using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>One door as observed: its target, its ordered knock, what follows it, who knocked and how often.</summary>
/// <param name="Id">Stable per door for the whole run, from 1; updates reuse it.</param>
/// <param name="Destination">The target host.</param>
/// <param name="Sequence">The knock items in the order they are sent (the order most activations agree on).</param>
/// <param name="ShellPort">The connection that follows the knock in most activations, or null when none does.</param>
/// <param name="Activations">Activations seen: those in the history when the door was found, and every later one.</param>
/// <param name="FirstSeenNs">First packet of the first activation seen.</param>
/// <param name="LastSeenNs">Last packet of the latest activation.</param>
/// <param name="Sources">Knock packet sources, in order of first appearance (at most the configured number).</param>
/// <param name="SourceCount">Distinct knock sources seen (spoofed doors have many), counted up to the configured cap.</param>
/// <param name="IsUpdate">False the first time the door is reported.</param>
/// <param name="Connection">
/// The latest connection to <paramref name="ShellPort"/> that an activation let through (source, source port, host),
/// or null when there is no shell port: the flow the <c>knock</c> event's top-level fields and Community ID describe.
/// </param>
public sealed record KnockSequence(
    int Id,
    PacketAddress Destination,
    ImmutableArray<KnockItem> Sequence,
    KnockItem? ShellPort,
    long Activations,
    long FirstSeenNs,
    long LastSeenNs,
    ImmutableArray<PacketAddress> Sources,
    int SourceCount,
    bool IsUpdate,
    ShellConnection? Connection = null);
