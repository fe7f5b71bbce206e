namespace KnockSensor.Generator;

/// <summary>Resolution of the classic pcap record stamps (chosen by the file's magic number).</summary>
internal enum TimestampPrecision
{
    Microsecond,
    Nanosecond,
}
