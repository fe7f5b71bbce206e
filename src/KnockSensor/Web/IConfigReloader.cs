namespace KnockSensor.Web;

/// <summary>
/// Reloads the main configuration (<c>-c FILE</c>) when <c>POST /-/reload</c> asks for it. Called on a web server
/// thread, never the merging thread: an implementation hands the new settings to the stages' owner itself.
/// </summary>
public interface IConfigReloader
{
    /// <summary>Reloads atomically (the old configuration stays on error); returns null on success, else the reason ("file:line: reason").</summary>
    string? Reload();
}
