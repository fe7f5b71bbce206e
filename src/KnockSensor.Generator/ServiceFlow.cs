namespace KnockSensor.Generator;

/// <summary>Which way a background TCP service is used, relative to the monitored network.</summary>
internal enum FlowDirection : byte
{
    /// <summary>A home client to a server on the Internet.</summary>
    Outbound,

    /// <summary>An Internet client to a home server.</summary>
    Inbound,

    /// <summary>A home host to a home server.</summary>
    Internal,
}

/// <summary>How the application protocol on a service port looks on the wire.</summary>
internal enum ApplicationStyle : byte
{
    Tls,
    Http,
    Opaque,
    Text,
    Dns,
}

/// <summary>A TCP service as background traffic uses it: direction, port, wire style and, for home servers, which one.</summary>
internal sealed record ServiceFlow(FlowDirection Direction, ushort Port, ApplicationStyle Style, Func<HomeNetwork, HomeHost>? Server = null);
