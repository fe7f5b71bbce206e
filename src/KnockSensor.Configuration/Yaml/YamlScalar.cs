namespace KnockSensor.Configuration.Yaml;

/// <summary>A single value: plain, single- or double-quoted. A plain <c>~</c>, <c>null</c> or nothing at all is null.</summary>
public sealed class YamlScalar(int line, string? value, bool quoted) : YamlNode(line)
{
    /// <summary>The text after quote processing; null for YAML's null.</summary>
    public string? Value { get; } = value;

    /// <summary>Whether the value was written in quotes (so <c>"true"</c> is text, not a boolean).</summary>
    public bool Quoted { get; } = quoted;

    public bool IsNull => Value is null;

    public override string Kind => "a value";
}
