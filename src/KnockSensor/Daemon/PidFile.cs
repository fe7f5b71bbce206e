using System.Globalization;

namespace KnockSensor.Daemon;

/// <summary>The process id in a file while the sensor runs (<c>--pidfile</c>), removed at exit.</summary>
public sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    /// <summary>Writes the file (atomically, through a temporary file); null with <paramref name="error"/> set when it cannot.</summary>
    public static PidFile? TryWrite(string path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, path, overwrite: true);
            error = null;
            return new PidFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leaving a stale pid file is harmless next to failing the exit.
        }
    }
}
