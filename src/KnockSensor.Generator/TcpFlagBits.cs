namespace KnockSensor.Generator;

/// <summary>TCP header flag bits (RFC 9293), as written into the flags byte.</summary>
[Flags]
internal enum TcpFlagBits : byte
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
    SynAck = Syn | Ack,
    RstAck = Rst | Ack,
    PshAck = Psh | Ack,
    FinAck = Fin | Ack,
}
