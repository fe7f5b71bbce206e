namespace KnockSensor.Generator;

/// <summary>The TCP option blocks the generator writes; each is a whole number of 32-bit words.</summary>
internal enum TcpOptionSet : byte
{
    /// <summary>No options (20-byte header).</summary>
    None,

    /// <summary>A Linux SYN or SYN-ACK: MSS, SACK permitted, timestamps, NOP, window scale (20 bytes).</summary>
    LinuxSyn,

    /// <summary>What nmap's raw SYN probe carries: MSS 1460 only (4 bytes).</summary>
    MssOnly,
}
