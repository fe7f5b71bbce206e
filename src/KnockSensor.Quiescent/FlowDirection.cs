namespace KnockSensor.Quiescent;

/// <summary>A flow's direction relative to the home networks (the seed's "incoming" and "outgoing").</summary>
public enum FlowDirection : byte
{
    /// <summary>From outside to a home address; also every flow when no home network is configured.</summary>
    Incoming,

    /// <summary>From a home address to outside.</summary>
    Outgoing,

    /// <summary>Both ends at home.</summary>
    Internal,

    /// <summary>Neither end at home (transit, or a capture point that sees other people's traffic).</summary>
    Transit,
}
