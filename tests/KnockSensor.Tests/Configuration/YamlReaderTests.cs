using KnockSensor.Configuration;
using KnockSensor.Configuration.Yaml;

namespace KnockSensor.Tests.Configuration;

/// <summary>The YAML subset a configuration file uses, and the line-numbered refusals of everything else.</summary>
public sealed class YamlReaderTests
{
    [Fact]
    public void Reads_nested_mappings_lists_and_quoted_values()
    {
        const string Text = """
            # KnockSensor
            ---
            capture:
              interface: eth0   # the span port
              threads: 2
            web:
              listen_addresses: [":10642", '127.0.0.1:10643']
              users:
                - name: alice
                  hash: "$2b$10$x#y"
                -
                  name: 'bob''s'
            filters:
            - tcp
            - "udp: 53"
            empty:
            nothing: ~
            """;

        var root = Assert.IsType<YamlMapping>(YamlReader.Parse(Text, "k.yaml"));

        Assert.Equal(["capture", "web", "filters", "empty", "nothing"], root.Entries.Select(static e => e.Key.Value));
        Assert.True(root.TryGet("capture", out var capture));
        var captureMap = Assert.IsType<YamlMapping>(capture);
        Assert.Equal(4, captureMap.Line);
        Assert.True(captureMap.TryGet("interface", out var iface));
        Assert.Equal("eth0", Assert.IsType<YamlScalar>(iface).Value);
        Assert.Equal(4, iface.Line);

        Assert.True(root.TryGet("web", out var web));
        Assert.True(((YamlMapping)web).TryGet("listen_addresses", out var listen));
        Assert.Equal([":10642", "127.0.0.1:10643"], ((YamlSequence)listen).Items.Select(static i => ((YamlScalar)i).Value));
        Assert.True(((YamlMapping)web).TryGet("users", out var users));
        var userList = Assert.IsType<YamlSequence>(users);
        Assert.Equal(2, userList.Items.Count);
        var alice = Assert.IsType<YamlMapping>(userList.Items[0]);
        Assert.True(alice.TryGet("hash", out var hash));
        Assert.Equal("$2b$10$x#y", ((YamlScalar)hash).Value);
        Assert.True(((YamlMapping)userList.Items[1]).TryGet("name", out var bob));
        Assert.Equal("bob's", ((YamlScalar)bob).Value);
        Assert.Equal(12, bob.Line);

        Assert.True(root.TryGet("filters", out var filters));
        Assert.Equal(["tcp", "udp: 53"], ((YamlSequence)filters).Items.Select(static i => ((YamlScalar)i).Value));
        Assert.True(root.TryGet("empty", out var empty));
        Assert.True(((YamlScalar)empty).IsNull);
        Assert.True(root.TryGet("nothing", out var nothing));
        Assert.True(((YamlScalar)nothing).IsNull);
    }

    [Fact]
    public void Double_quoted_escapes_and_flow_mappings()
    {
        var root = (YamlMapping)YamlReader.Parse("a: \"tab\\there \\u00e9 \\\"q\\\"\"\nb: {x: 1, 'y': \"2\"}\nc: []\n", "f");

        Assert.True(root.TryGet("a", out var a));
        Assert.Equal("tab\there é \"q\"", ((YamlScalar)a).Value);
        Assert.True(root.TryGet("b", out var b));
        var flow = Assert.IsType<YamlMapping>(b);
        Assert.Equal(["x", "y"], flow.Entries.Select(static e => e.Key.Value));
        Assert.True(root.TryGet("c", out var c));
        Assert.Empty(Assert.IsType<YamlSequence>(c).Items);
    }

    [Fact]
    public void An_empty_document_is_an_empty_mapping()
    {
        Assert.Empty(Assert.IsType<YamlMapping>(YamlReader.Parse("# only a comment\n\n", "f")).Entries);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", 2, "key 'a' appears twice (first on line 1)")]
    [InlineData("a:\n  b: 1\n   c: 2\n", 3, "unexpected indentation")]
    [InlineData("a:\n\tb: 1\n", 2, "a tab in the indentation")]
    [InlineData("a: |\n  text\n", 1, "block values (| and >) are not supported")]
    [InlineData("a: &x 1\nb: *x\n", 1, "anchors and aliases")]
    [InlineData("a: !!str 1\n", 1, "tags (!) are not supported")]
    [InlineData("a: \"open\n", 1, "is not closed")]
    [InlineData("a: [1, [2]]\n", 1, "nested [ ] or { }")]
    [InlineData("a: b: c\n", 1, "a second 'key:' on one line")]
    [InlineData("a: 1\n- b\n", 2, "a list item where a key was expected")]
    [InlineData("a: 1\njust words\n", 2, "expected 'key: value'")]
    [InlineData("a: \"x\" y\n", 1, "text after the closing quote")]
    [InlineData("a: 1\n---\nb: 2\n", 2, "a second document")]
    [InlineData("a: \"\\q\"\n", 1, "unknown escape")]
    [InlineData("a: @x\n", 1, "cannot start with '@'")]
    public void Refuses_what_it_does_not_support_with_the_line(string text, int line, string reason)
    {
        var e = Assert.Throws<ConfigurationException>(() => YamlReader.Parse(text, "k.yaml"));

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"k.yaml:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_reader_types_values_and_names_the_key_and_line()
    {
        var reader = MappingReader.Parse("capture:\n  threads: 99\n  promiscuous: yes\n  bogus: 1\nratio: 0.5\n", "k.yaml");
        var capture = reader.Mapping("capture")!;

        var e = Assert.Throws<ConfigurationException>(() => capture.Integer("threads", 1, 64));
        Assert.Equal("k.yaml:2: capture.threads: needs a whole number from 1 to 64, not '99'", e.Message);
        var b = Assert.Throws<ConfigurationException>(() => capture.Boolean("promiscuous"));
        Assert.Equal(3, b.Line);
        var u = Assert.Throws<ConfigurationException>(() => capture.RejectUnknownKeys("threads", "promiscuous"));
        Assert.Equal("k.yaml:4: unknown key 'bogus' in 'capture' (known keys: threads, promiscuous)", u.Message);
        Assert.Equal(0.5, reader.Number("ratio", 0, 1));
        Assert.Null(reader.Number("missing", 0, 1));
    }
}
