namespace KnockSensor.Capture.Files;

/// <summary>What a pcapng Interface Description Block says about the packets that name its index.</summary>
internal readonly record struct PcapNgInterface(LinkType LinkType, uint SnapLength, PcapNgTimestampScale Timestamps);
