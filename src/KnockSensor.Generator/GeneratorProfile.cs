namespace KnockSensor.Generator;

/// <summary>The captures the generator can make (see <see cref="Scenario"/> for what each contains).</summary>
internal enum GeneratorProfile
{
    /// <summary>Five minutes of a home network with two knock doors, a vertical and a horizontal scan: the embedded demo.</summary>
    Sample,

    /// <summary>A large capture of small frames for the throughput harness, sized by <c>--size-mb</c>.</summary>
    Throughput,

    /// <summary>Twenty-four hours of background with knock doors and scans spread over the day.</summary>
    Day,

    /// <summary>
    /// Shaped like the paper's first dataset (Hommes, State &amp; Engel 2012, §5): one attacker opening one target's
    /// four-port TCP knock five times, each followed by a shell connection, in about 20 windows of 1000 packets.
    /// </summary>
    Paper,
    /// <summary>Fourteen days of connection attempts for the quiescent-port monitor (<see cref="FortnightCapture"/>).</summary>
    Fortnight,
}
