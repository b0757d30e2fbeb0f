using System.Globalization;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>
/// Converts YAML nodes of the spec to JSON with YAML 1.2 core scalar rules (quoted scalars are strings),
/// keeping strings like "2026-05-29T16:00:00Z" exactly as written.
/// </summary>
internal static class YamlJson
{
    public static YamlMappingNode LoadSpec()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(RepoPaths.Spec);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    public static YamlNode? Get(this YamlNode? node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(entry => (((YamlScalarNode)entry.Key).Value!, entry.Value))
            : [];

    public static JToken ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JObject(mapping.Children.Select(entry => new JProperty(((YamlScalarNode)entry.Key).Value!, ToJson(entry.Value)))),
        YamlSequenceNode sequence => new JArray(sequence.Children.Select(ToJson)),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JToken Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return new JValue(text);
        }

        if (text is "null" or "~" or "")
        {
            return JValue.CreateNull();
        }

        if (text is "true" or "false")
        {
            return new JValue(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new JValue(number);
        }

        return new JValue(text);
    }
}
