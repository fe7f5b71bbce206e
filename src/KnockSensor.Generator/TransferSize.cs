namespace KnockSensor.Generator;

/// <summary>How much an application exchange moves: sets the response size table of background TCP sessions.</summary>
internal enum TransferSize : byte
{
    /// <summary>Web pages, downloads, mail: a few hundred bytes to a quarter megabyte.</summary>
    Normal,

    /// <summary>Mostly sub-kilobyte exchanges (APIs, chat, polling): keeps a day of traffic to tens of megabytes.</summary>
    Small,

    /// <summary>Request/response chatter of a few segments: the throughput profile's ~110-byte average frame.</summary>
    Tiny,
}
