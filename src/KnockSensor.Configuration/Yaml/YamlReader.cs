using System.Globalization;
using System.Text;

namespace KnockSensor.Configuration.Yaml;

/// <summary>
/// Reads the YAML a configuration file needs, and refuses the rest with the line and the reason: block mappings and
/// lists, flow lists and flat flow mappings on one line, plain, single- and double-quoted values, comments, a leading
/// <c>---</c>. Anchors, aliases, tags, block scalars (<c>|</c>, <c>&gt;</c>), multi-line values and several documents
/// are refused: a configuration has no use for them, and a hand reader this small stays AOT-safe and easy to trust.
/// </summary>
public static class YamlReader
{
    /// <summary>Parses <paramref name="text"/>; an empty document is an empty mapping.</summary>
    /// <exception cref="ConfigurationException">The text is not in the supported subset, with the line at fault.</exception>
    public static YamlNode Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return new Parser(fileName, SplitLines(text, fileName)).ParseDocument();
    }

    private static List<Line> SplitLines(string text, string fileName)
    {
        var lines = new List<Line>();
        var number = 0;
        var documentStarted = false;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var raw = rawLine.TrimEnd('\r');
            if (number == 1 && raw.Length > 0 && raw[0] == '\uFEFF')
            {
                raw = raw[1..];
            }

            var indent = 0;
            while (indent < raw.Length && raw[indent] == ' ')
            {
                indent++;
            }

            var content = StripComment(raw, number, fileName)[indent..].TrimEnd();
            if (content.Length == 0)
            {
                continue;
            }

            if (indent < raw.Length && raw[indent] == '\t')
            {
                throw new ConfigurationException(fileName, number, "a tab in the indentation (YAML indents with spaces)");
            }

            if (indent == 0 && content.StartsWith('%'))
            {
                throw new ConfigurationException(fileName, number, "YAML directives (%) are not supported");
            }

            if (indent == 0 && (content == "---" || content.StartsWith("--- ", StringComparison.Ordinal)))
            {
                if (documentStarted || lines.Count > 0)
                {
                    throw new ConfigurationException(fileName, number, "a second document (---): one configuration per file");
                }

                documentStarted = true;
                content = content[3..].TrimStart();
                if (content.Length == 0)
                {
                    continue;
                }
            }

            if (indent == 0 && content == "...")
            {
                break;
            }

            lines.Add(new Line(number, indent, content));
        }

        return lines;
    }

    /// <summary>The line without its comment: a <c>#</c> at the start or after a space, outside quotes.</summary>
    private static string StripComment(string raw, int number, string fileName)
    {
        var quote = '\0';
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quote == '"')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quote = '\0';
                }
            }
            else if (quote == '\'')
            {
                if (c == '\'' && i + 1 < raw.Length && raw[i + 1] == '\'')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    quote = '\0';
                }
            }
            else if (c == '#' && (i == 0 || raw[i - 1] is ' ' or '\t'))
            {
                return raw[..i];
            }
            else if (c is '"' or '\'' && StartsValue(raw, i))
            {
                quote = c;
            }
        }

        return quote == '\0'
            ? raw
            : throw new ConfigurationException(fileName, number, $"a value opened with {quote} is not closed on this line (values spanning lines are not supported)");
    }

    /// <summary>Whether a quote at <paramref name="i"/> opens a quoted value (an apostrophe inside a plain word does not).</summary>
    private static bool StartsValue(string raw, int i)
    {
        var j = i - 1;
        while (j >= 0 && raw[j] == ' ')
        {
            j--;
        }

        return j < 0 || raw[j] is ':' or '-' or '[' or '{' or ',' or '?';
    }

    private readonly record struct Line(int Number, int Indent, string Content);

    private sealed class Parser(string fileName, List<Line> lines)
    {
        private int _position;

        public YamlNode ParseDocument()
        {
            if (lines.Count == 0)
            {
                return new YamlMapping(1, []);
            }

            var first = lines[0];
            var root = IsListItem(first.Content) || ContainsMappingColon(first.Content)
                ? ParseBlock(first.Indent)
                : ParseSingleValue(first);
            if (_position < lines.Count)
            {
                throw Error(lines[_position], "unexpected text here: check the indentation");
            }

            return root;
        }

        private YamlNode ParseSingleValue(Line line)
        {
            _position++;
            return ParseInline(line.Content, line.Number);
        }

        private YamlNode ParseBlock(int indent) =>
            IsListItem(lines[_position].Content) ? ParseSequence(indent) : ParseMapping(indent);

        private YamlMapping ParseMapping(int indent)
        {
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var startLine = lines[_position].Number;
            while (_position < lines.Count)
            {
                var line = lines[_position];
                if (line.Indent < indent)
                {
                    break;
                }

                if (line.Indent > indent)
                {
                    throw Error(line, "unexpected indentation: this line is indented more than the keys around it");
                }

                if (IsListItem(line.Content))
                {
                    throw Error(line, "a list item where a key was expected");
                }

                var colon = FindMappingColon(line.Content);
                if (colon < 0)
                {
                    throw Error(line, $"expected 'key: value', found '{line.Content}'");
                }

                var keyText = line.Content[..colon].TrimEnd();
                if (keyText.Length == 0 || keyText[0] is '?' or '[' or '{' or '&' or '*' or '!')
                {
                    throw Error(line, "keys must be plain or quoted words");
                }

                var key = ParseScalar(keyText, line.Number);
                if (key.Value is null)
                {
                    throw Error(line, "a key cannot be empty or null");
                }

                foreach (var entry in entries)
                {
                    if (entry.Key.Value == key.Value)
                    {
                        throw Error(line, $"key '{key.Value}' appears twice (first on line {entry.Key.Line})");
                    }
                }

                var rest = line.Content[(colon + 1)..].Trim();
                _position++;
                YamlNode value;
                if (rest.Length > 0)
                {
                    value = ParseInline(rest, line.Number);
                }
                else if (_position < lines.Count && lines[_position].Indent > indent)
                {
                    value = ParseBlock(lines[_position].Indent);
                }
                else if (_position < lines.Count && lines[_position].Indent == indent && IsListItem(lines[_position].Content))
                {
                    // "key:" followed by "- item" lines at the key's own indentation is common YAML.
                    value = ParseSequence(indent);
                }
                else
                {
                    value = new YamlScalar(line.Number, null, quoted: false);
                }

                entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
            }

            return new YamlMapping(startLine, entries);
        }

        private YamlSequence ParseSequence(int indent)
        {
            var items = new List<YamlNode>();
            var startLine = lines[_position].Number;
            while (_position < lines.Count)
            {
                var line = lines[_position];
                if (line.Indent < indent || !IsListItem(line.Content))
                {
                    if (line.Indent > indent)
                    {
                        throw Error(line, "unexpected indentation inside a list");
                    }

                    break;
                }

                if (line.Indent > indent)
                {
                    throw Error(line, "unexpected indentation: this item is indented more than the items before it");
                }

                var rest = line.Content.Length == 1 ? string.Empty : line.Content[2..].TrimStart();
                var itemIndent = indent + (line.Content.Length - rest.Length);
                if (rest.Length == 0)
                {
                    _position++;
                    items.Add(_position < lines.Count && lines[_position].Indent > indent
                        ? ParseBlock(lines[_position].Indent)
                        : new YamlScalar(line.Number, null, quoted: false));
                }
                else if (IsListItem(rest) || ContainsMappingColon(rest))
                {
                    // "- key: value" (or "- - x") starts a block whose indentation is that of the text after the dash.
                    lines[_position] = new Line(line.Number, itemIndent, rest);
                    items.Add(ParseBlock(itemIndent));
                }
                else
                {
                    _position++;
                    items.Add(ParseInline(rest, line.Number));
                }
            }

            return new YamlSequence(startLine, items);
        }

        private YamlNode ParseInline(string text, int lineNumber)
        {
            switch (text[0])
            {
                case '[':
                    return ParseFlowSequence(text, lineNumber);
                case '{':
                    return ParseFlowMapping(text, lineNumber);
                case '|' or '>':
                    throw new ConfigurationException(fileName, lineNumber, "block values (| and >) are not supported: write the value on one line, in quotes if needed");
                case '&' or '*':
                    throw new ConfigurationException(fileName, lineNumber, "anchors and aliases (& and *) are not supported");
                case '!':
                    throw new ConfigurationException(fileName, lineNumber, "tags (!) are not supported");
                default:
                    if (ContainsMappingColon(text))
                    {
                        throw new ConfigurationException(fileName, lineNumber, $"a second 'key:' on one line in '{text}': quote the value if the colon is part of it");
                    }

                    return ParseScalar(text, lineNumber);
            }
        }

        private YamlSequence ParseFlowSequence(string text, int lineNumber)
        {
            if (text[^1] != ']')
            {
                throw new ConfigurationException(fileName, lineNumber, "a list opened with [ must close with ] on the same line");
            }

            var items = new List<YamlNode>();
            foreach (var part in SplitFlow(text[1..^1], lineNumber))
            {
                items.Add(ParseScalar(part, lineNumber));
            }

            return new YamlSequence(lineNumber, items);
        }

        private YamlMapping ParseFlowMapping(string text, int lineNumber)
        {
            if (text[^1] != '}')
            {
                throw new ConfigurationException(fileName, lineNumber, "a mapping opened with { must close with } on the same line");
            }

            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            foreach (var part in SplitFlow(text[1..^1], lineNumber))
            {
                var colon = FindMappingColon(part);
                if (colon <= 0)
                {
                    throw new ConfigurationException(fileName, lineNumber, $"expected 'key: value' inside {{ }}, found '{part}'");
                }

                var key = ParseScalar(part[..colon].TrimEnd(), lineNumber);
                if (key.Value is null || entries.Exists(e => e.Key.Value == key.Value))
                {
                    throw new ConfigurationException(fileName, lineNumber, $"key '{key.Value}' is empty or appears twice inside {{ }}");
                }

                entries.Add(new(key, ParseScalar(part[(colon + 1)..].Trim(), lineNumber)));
            }

            return new YamlMapping(lineNumber, entries);
        }

        /// <summary>Splits the inside of a flow collection at commas outside quotes; nested collections are refused.</summary>
        private List<string> SplitFlow(string inner, int lineNumber)
        {
            var parts = new List<string>();
            var start = 0;
            var quote = '\0';
            for (var i = 0; i <= inner.Length; i++)
            {
                var c = i < inner.Length ? inner[i] : ',';
                if (quote != '\0')
                {
                    if (quote == '"' && c == '\\')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (c is '"' or '\'' && inner[start..i].Trim().Length == 0)
                {
                    quote = c;
                }
                else if (c is '[' or ']' or '{' or '}')
                {
                    throw new ConfigurationException(fileName, lineNumber, "nested [ ] or { } inside a one-line list or mapping are not supported: use indented lines");
                }
                else if (c == ',')
                {
                    var part = inner[start..Math.Min(i, inner.Length)].Trim();
                    start = i + 1;
                    if (part.Length == 0)
                    {
                        // "[]" and a trailing comma are fine; an empty item in the middle is not.
                        if (i < inner.Length && inner[(i + 1)..].Trim().Length > 0)
                        {
                            throw new ConfigurationException(fileName, lineNumber, "an empty item between commas");
                        }

                        continue;
                    }

                    parts.Add(part);
                }
            }

            return parts;
        }

        private YamlScalar ParseScalar(string text, int lineNumber)
        {
            if (text.Length == 0)
            {
                return new YamlScalar(lineNumber, null, quoted: false);
            }

            if (text[0] == '"')
            {
                return new YamlScalar(lineNumber, ReadDoubleQuoted(text, lineNumber), quoted: true);
            }

            if (text[0] == '\'')
            {
                if (text.Length < 2 || text[^1] != '\'' || HasLoneQuote(text.AsSpan(1, text.Length - 2)))
                {
                    throw new ConfigurationException(fileName, lineNumber, $"text after the closing quote in {text}");
                }

                return new YamlScalar(lineNumber, text[1..^1].Replace("''", "'", StringComparison.Ordinal), quoted: true);
            }

            if (text[0] is '@' or '`' or '&' or '*' or '!' or '|' or '>' or '%')
            {
                throw new ConfigurationException(fileName, lineNumber, $"a value cannot start with '{text[0]}' unless it is quoted");
            }

            return new YamlScalar(lineNumber, text is "~" or "null" or "Null" or "NULL" ? null : text, quoted: false);
        }

        private static bool HasLoneQuote(ReadOnlySpan<char> inner)
        {
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\'')
                {
                    if (i + 1 >= inner.Length || inner[i + 1] != '\'')
                    {
                        return true;
                    }

                    i++;
                }
            }

            return false;
        }

        private string ReadDoubleQuoted(string text, int lineNumber)
        {
            var builder = new StringBuilder(text.Length);
            for (var i = 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"')
                {
                    return i == text.Length - 1
                        ? builder.ToString()
                        : throw new ConfigurationException(fileName, lineNumber, $"text after the closing quote in {text}");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (++i >= text.Length)
                {
                    break;
                }

                switch (text[i])
                {
                    case '\\' or '"' or '/':
                        builder.Append(text[i]);
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case '0':
                        builder.Append('\0');
                        break;
                    case 'x' or 'u' or 'U':
                        var digits = text[i] switch { 'x' => 2, 'u' => 4, _ => 8 };
                        if (i + digits >= text.Length
                            || !int.TryParse(text.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                            || code > 0x10FFFF)
                        {
                            throw new ConfigurationException(fileName, lineNumber, $"a bad \\{text[i]} escape in {text}");
                        }

                        builder.Append(char.ConvertFromUtf32(code));
                        i += digits;
                        break;
                    default:
                        throw new ConfigurationException(fileName, lineNumber, $"unknown escape \\{text[i]} in {text}");
                }
            }

            throw new ConfigurationException(fileName, lineNumber, $"a value opened with \" is not closed: {text}");
        }

        private static bool IsListItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

        private static bool ContainsMappingColon(string content) => FindMappingColon(content) >= 0;

        /// <summary>The colon that separates a key from its value: followed by a space or the end, outside quotes and brackets.</summary>
        private static int FindMappingColon(string content)
        {
            if (content.Length > 0 && content[0] is '[' or '{')
            {
                return -1;
            }

            var quote = '\0';
            for (var i = 0; i < content.Length; i++)
            {
                var c = content[i];
                if (quote != '\0')
                {
                    if (quote == '"' && c == '\\')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c is '"' or '\'' && i == 0)
                {
                    quote = c;
                }
                else if (c == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                {
                    return i;
                }
            }

            return -1;
        }

        private ConfigurationException Error(Line line, string reason) => new(fileName, line.Number, reason);
    }
}
