namespace KnockSensor.Knocks;

internal sealed partial class HostAttribution
{
    /// <summary>The only thing that outlives a window here is a counter; the tallies are per call.</summary>
    public void WriteState(BinaryWriter writer) => writer.Write(SweptHostRejections);

    public void ReadState(BinaryReader reader) => SweptHostRejections = reader.ReadInt64();
}
