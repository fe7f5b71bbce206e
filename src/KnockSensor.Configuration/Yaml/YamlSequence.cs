namespace KnockSensor.Configuration.Yaml;

/// <summary>A list: block style (<c>- item</c> lines) or flow style (<c>[a, b]</c>).</summary>
public sealed class YamlSequence(int line, IReadOnlyList<YamlNode> items) : YamlNode(line)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override string Kind => "a list";
}
