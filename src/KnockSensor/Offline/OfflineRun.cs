using System.Diagnostics;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Output;
using KnockSensor.Quiescent;

// The web endpoint's ASP.NET Core framework also brings System.Diagnostics.EventLog (Windows): here EventLog is ours.
using EventLog = KnockSensor.Output.EventLog;

namespace KnockSensor.Offline;

/// <summary>
/// Reads capture inputs one after another as a single run, then reports. Damage in one input stops that input
/// only: what was read before it counts, later inputs are still read, and the run's exit code says so.
/// </summary>
public sealed class OfflineRun
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly bool _showProgress;

    public OfflineRun(TextWriter stdout, TextWriter stderr, bool showProgress)
    {
        _stdout = stdout;
        _stderr = stderr;
        _showProgress = showProgress;
    }

    /// <summary>The inputs read so far, with their damage if any.</summary>
    public List<InputReport> Inputs { get; } = [];

    public DecodeCounters Counters { get; } = new();

    /// <summary>The stage that receives every decoded port event, or null when the run only counts.</summary>
    public IPortEventSink? Stage { get; init; }

    /// <summary>The quiescent-port monitor that receives every decoded port event, or null for none.</summary>
    public QuiescentMonitor? Quiescent { get; init; }

    /// <summary>
    /// The stages' state continues in a later run (<c>--state-dir</c>): the end of the input is not the end of the
    /// traffic, so <see cref="Finish"/> leaves open windows and the open bin as they are for the snapshot.
    /// </summary>
    public bool KeepsStateOpen { get; init; }

    /// <summary>
    /// Run the stages on threads of their own, beside the reading thread (<see cref="StagePipeline"/>). The results
    /// are the same either way; the default is threaded when the machine has more than one core.
    /// </summary>
    public bool Threaded { get; init; } = StagePipeline.ThreadedByDefault;

    /// <summary>
    /// Reads every input named on the command line (files, directories, "-"). When it returns, the stages have seen
    /// every event and belong to the calling thread again.
    /// </summary>
    public void ReadPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var stages = new StagePipeline(Stage, Quiescent, Threaded);
        foreach (var path in paths)
        {
            IReadOnlyList<string> files;
            try
            {
                files = CaptureInputs.Expand(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CaptureFileException)
            {
                Inputs.Add(new InputReport(path, 0, 0, 0, e.Message));
                continue;
            }

            foreach (var file in files)
            {
                ReadOne(file, () => CaptureFileReader.Open(file), stages);
            }
        }

        stages.Complete();
    }

    /// <summary>Reads one capture from a stream (the embedded sample).</summary>
    public void ReadStream(Stream stream, string name)
    {
        using var stages = new StagePipeline(Stage, Quiescent, Threaded);
        ReadOne(name, () => CaptureFileReader.Open(stream, name), stages);
        stages.Complete();
    }

    private void ReadOne(string name, Func<CaptureFileReader> open, StagePipeline stages)
    {
        CaptureFileReader reader;
        try
        {
            reader = open();
        }
        catch (CaptureFileException e)
        {
            Inputs.Add(new InputReport(name, 0, 0, e.Offset, e.Reason));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Inputs.Add(new InputReport(name, 0, 0, 0, e.Message));
            return;
        }

        using (reader)
        {
            using var progress = _showProgress ? new ProgressDisplay(_stderr, Counters) : null;
            progress?.Attach(reader);
            var sink = new DecodingSink(Counters, stages);
            var result = reader.ReadAll(ref sink);
            Inputs.Add(result.Error is { } error
                ? new InputReport(name, result.Frames, result.CapturedBytes, error.Offset, error.Reason)
                : new InputReport(name, result.Frames, result.CapturedBytes));
        }
    }

    /// <summary>
    /// Flushes the stages (a knock detector's last findings go to <paramref name="log"/> through its observer, the
    /// monitor's anomalies are written), prints the summary, writes the stats event, reports damage; returns the exit code.
    /// </summary>
    public int Finish(EventLog? log, TimeSpan elapsed)
    {
        if (!KeepsStateOpen)
        {
            Stage?.Flush();
            Quiescent?.Flush();
        }

        _stdout.Write(RunSummary.Format(Counters, Inputs, elapsed));
        if (Stage is KnockDetector detector)
        {
            _stdout.Write(KnockSummary.Format(detector));
        }

        if (Quiescent is not null)
        {
            _stdout.WriteLine(QuiescentSummary.Format(Quiescent, Quiescent.Anomalies));
        }

        if (log is not null)
        {
            if (Quiescent is not null)
            {
                PortAnomalyEvent.WriteAll(log, Quiescent.Anomalies);
                Quiescent.Anomalies.Clear();
            }

            var timestamp = Counters.Frames > 0 ? Counters.LastTimestampNs : DateTime.UtcNow.Subtract(DateTime.UnixEpoch).Ticks * 100;
            StatsEvent.Write(log, Counters, Inputs, timestamp);
            log.Flush();
        }

        return ReportDamage();
    }

    /// <summary>One error line per damaged input on standard error; returns the exit code that follows.</summary>
    public int ReportDamage()
    {
        var failed = false;
        foreach (var input in Inputs.Where(static i => i.Failed))
        {
            _stderr.WriteLine($"knocksensor: error: {input.Path}: offset {input.ErrorOffset}: {input.Error}");
            failed = true;
        }

        return failed ? Cli.ExitCodes.InputError : Cli.ExitCodes.Success;
    }

    /// <summary>Measures a whole run.</summary>
    public static Stopwatch StartClock() => Stopwatch.StartNew();
}
