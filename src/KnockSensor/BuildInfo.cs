using System.Reflection;

namespace KnockSensor;

/// <summary>Version and source revision baked in at build time (shown by --version, later exported as build_info).</summary>
public static class BuildInfo
{
    /// <summary>The product version, e.g. 0.1.0.</summary>
    public static string Version { get; } = typeof(BuildInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The git revision the binary was built from, or "unknown".</summary>
    public static string Revision { get; } = ReadRevision();

    private static string ReadRevision()
    {
        // InformationalVersion is "0.1.0+<SourceRevisionId>" when the build knew its git revision.
        var informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? informational![(plus + 1)..] : "unknown";
    }
}
