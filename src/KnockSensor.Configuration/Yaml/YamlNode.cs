namespace KnockSensor.Configuration.Yaml;

/// <summary>A node of a parsed YAML document, with the line it starts on so errors can point at it.</summary>
public abstract class YamlNode(int line)
{
    /// <summary>1-based line where the node starts.</summary>
    public int Line { get; } = line;

    /// <summary>What the node is, for error messages ("a mapping", "a list", "a value").</summary>
    public abstract string Kind { get; }
}
