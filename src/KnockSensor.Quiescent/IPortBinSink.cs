namespace KnockSensor.Quiescent;

/// <summary>Receives the per-key summary of every closed bin (a database loader, a CSV writer, tests). Optional.</summary>
public interface IPortBinSink
{
    /// <summary>Called once per key active in the bin, in key order, when the bin closes.</summary>
    void OnBinCounts(in PortBinCounts counts);
}
