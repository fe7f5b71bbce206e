using KnockSensor.Cli;

namespace KnockSensor.Daemon;

/// <summary>
/// A part of the running sensor that takes new settings on a reload (SIGHUP, <c>POST /-/reload</c>). Reloads are
/// atomic: every part prepares first (reads and checks the files it needs), and only when all succeeded are the
/// changes applied; on any error the running configuration stays as it was.
/// </summary>
public interface IReloadable
{
    /// <summary>Checks <paramref name="next"/> and returns what applies it.</summary>
    /// <exception cref="KnockSensor.Configuration.ConfigurationException">The new settings cannot be used; nothing is applied.</exception>
    Action Prepare(CommandLineOptions next);
}
