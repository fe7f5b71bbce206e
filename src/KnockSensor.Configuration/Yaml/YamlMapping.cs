namespace KnockSensor.Configuration.Yaml;

/// <summary>A mapping of keys to nodes, in file order; keys are unique (a repeated key is a parse error).</summary>
public sealed class YamlMapping(int line, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries) : YamlNode(line)
{
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = entries;

    public override string Kind => "a mapping";

    /// <summary>The node under <paramref name="key"/>, if the mapping has it.</summary>
    public bool TryGet(string key, out YamlNode node)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                node = entry.Value;
                return true;
            }
        }

        node = null!;
        return false;
    }
}
