using System.Globalization;
using KnockSensor.Configuration.Yaml;

namespace KnockSensor.Configuration;

/// <summary>
/// Reads typed values out of one YAML mapping of a configuration file, each error naming the file, the line and the
/// dotted key (<c>capture.threads</c>). Keys nobody asked for are refused by <see cref="RejectUnknownKeys"/>, so a
/// misspelt option is an error rather than a silently ignored line.
/// </summary>
public sealed class MappingReader
{
    private readonly YamlMapping _mapping;
    private readonly string _fileName;
    private readonly string _path;
    private readonly List<string> _read = [];

    private MappingReader(YamlMapping mapping, string fileName, string path)
    {
        _mapping = mapping;
        _fileName = fileName;
        _path = path;
    }

    /// <summary>Reads the document's top level, which must be a mapping.</summary>
    public static MappingReader ForDocument(YamlNode root, string fileName)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root is YamlMapping mapping
            ? new MappingReader(mapping, fileName, string.Empty)
            : throw new ConfigurationException(fileName, root.Line, $"the file must be a mapping of keys to values, not {root.Kind}");
    }

    /// <summary>Parses <paramref name="text"/> and reads its top level.</summary>
    public static MappingReader Parse(string text, string fileName) => ForDocument(YamlReader.Parse(text, fileName), fileName);

    /// <summary>The line of the mapping itself.</summary>
    public int Line => _mapping.Line;

    public bool Has(string key) => _mapping.TryGet(key, out var node) && !(node is YamlScalar { IsNull: true });

    /// <summary>The nested mapping under <paramref name="key"/>, or null when the key is absent or empty.</summary>
    public MappingReader? Mapping(string key)
    {
        if (!TryNode(key, out var node) || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        return node is YamlMapping mapping
            ? new MappingReader(mapping, _fileName, Dotted(key))
            : throw Error(node, key, $"needs a mapping of keys to values, not {node.Kind}");
    }

    public string? String(string key)
    {
        if (!TryScalar(key, out var scalar))
        {
            return null;
        }

        return scalar.Value;
    }

    public bool? Boolean(string key)
    {
        if (!TryScalar(key, out var scalar) || scalar.IsNull)
        {
            return null;
        }

        return !scalar.Quoted && scalar.Value is "true" or "True" or "TRUE" ? true
            : !scalar.Quoted && scalar.Value is "false" or "False" or "FALSE" ? false
            : throw Error(scalar, key, $"needs true or false, not '{scalar.Value}'");
    }

    public int? Integer(string key, int min, int max)
    {
        if (!TryScalar(key, out var scalar) || scalar.IsNull)
        {
            return null;
        }

        return !scalar.Quoted && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(scalar, key, $"needs a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{scalar.Value}'");
    }

    public double? Number(string key, double min, double max)
    {
        if (!TryScalar(key, out var scalar) || scalar.IsNull)
        {
            return null;
        }

        return !scalar.Quoted && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(scalar, key, $"needs a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{scalar.Value}'");
    }

    /// <summary>One of <paramref name="allowed"/> (exact spelling), or null when absent.</summary>
    public string? Choice(string key, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var value = String(key);
        if (value is null || Array.IndexOf(allowed, value) >= 0)
        {
            return value;
        }

        TryScalar(key, out var scalar);
        throw Error(scalar, key, $"needs one of {string.Join(", ", allowed)}, not '{value}'");
    }

    /// <summary>A list of values; a single value is read as a list of one.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        if (!TryNode(key, out var node) || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalar single)
        {
            return [single.Value!];
        }

        if (node is not YamlSequence sequence)
        {
            throw Error(node, key, $"needs a list of values, not {node.Kind}");
        }

        var values = new List<string>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            values.Add(item is YamlScalar { IsNull: false } scalar ? scalar.Value! : throw Error(item, key, $"needs a list of values; an item is {(item is YamlScalar ? "empty" : item.Kind)}"));
        }

        return values;
    }

    /// <summary>Every entry of this mapping as text (for maps of user names to hashes and the like).</summary>
    public IReadOnlyList<(string Key, string Value, int Line)> Pairs()
    {
        var pairs = new List<(string, string, int)>(_mapping.Entries.Count);
        foreach (var entry in _mapping.Entries)
        {
            Remember(entry.Key.Value!);
            pairs.Add(entry.Value is YamlScalar { IsNull: false } scalar
                ? (entry.Key.Value!, scalar.Value!, entry.Key.Line)
                : throw Error(entry.Value, entry.Key.Value!, $"needs a value, not {(entry.Value is YamlScalar ? "nothing" : entry.Value.Kind)}"));
        }

        return pairs;
    }

    /// <summary>The line of <paramref name="key"/>'s value, or of the mapping when the key is absent.</summary>
    public int LineOf(string key) => _mapping.TryGet(key, out var node) ? node.Line : _mapping.Line;

    /// <summary>An error about <paramref name="key"/>'s value, for checks beyond the value's type.</summary>
    public ConfigurationException Invalid(string key, string reason) =>
        new(_fileName, LineOf(key), $"{Dotted(key)}: {reason}");

    /// <summary>
    /// Refuses the first key that no reader asked for, listing the keys this mapping knows: those asked for so far and
    /// <paramref name="known"/> (keys read elsewhere).
    /// </summary>
    public void RejectUnknownKeys(params string[] known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var key in known)
        {
            Remember(key);
        }

        foreach (var entry in _mapping.Entries)
        {
            if (!_read.Contains(entry.Key.Value!))
            {
                var where = _path.Length == 0 ? "at the top level" : $"in '{_path}'";
                throw new ConfigurationException(_fileName, entry.Key.Line, $"unknown key '{entry.Key.Value}' {where} (known keys: {string.Join(", ", _read)})");
            }
        }
    }

    private void Remember(string key)
    {
        if (!_read.Contains(key))
        {
            _read.Add(key);
        }
    }

    private bool TryNode(string key, out YamlNode node)
    {
        Remember(key);
        return _mapping.TryGet(key, out node);
    }

    private bool TryScalar(string key, out YamlScalar scalar)
    {
        if (!TryNode(key, out var node))
        {
            scalar = null!;
            return false;
        }

        scalar = node as YamlScalar ?? throw Error(node, key, $"needs a single value, not {node.Kind}");
        return true;
    }

    private string Dotted(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private ConfigurationException Error(YamlNode node, string key, string reason) => new(_fileName, node.Line, $"{Dotted(key)}: {reason}");
}
