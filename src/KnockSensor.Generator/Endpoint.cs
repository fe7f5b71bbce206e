namespace KnockSensor.Generator;

/// <summary>
/// One side of a conversation as the capture point sees it: its IP address and the MAC address its frames carry
/// on the trunk (a home host's own MAC, or the router's for anything beyond it).
/// </summary>
internal readonly record struct Endpoint(HostAddress Address, ulong Mac);
