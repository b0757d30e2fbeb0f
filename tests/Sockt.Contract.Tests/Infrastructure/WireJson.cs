using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>JSON helpers that treat payloads the way the wire does.</summary>
internal static class WireJson
{
    /// <summary>Parses without turning ISO 8601 strings into dates (JToken.Parse would reformat them).</summary>
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    /// <summary>
    /// Structural equality where numbers compare by value: the service writes 30 for a float64 field and the
    /// DTO's double writes it back as 30.0, which is the same number on the wire.
    /// </summary>
    public static bool Equivalent(JToken? left, JToken? right) => (left, right) switch
    {
        (null, null) => true,
        (JObject a, JObject b) => a.Count == b.Count && a.Properties().All(property => Equivalent(property.Value, b[property.Name])),
        (JArray a, JArray b) => a.Count == b.Count && a.Zip(b).All(pair => Equivalent(pair.First, pair.Second)),
        (JValue a, JValue b) when IsNumber(a) && IsNumber(b) =>
            Convert.ToDecimal(a.Value, CultureInfo.InvariantCulture) == Convert.ToDecimal(b.Value, CultureInfo.InvariantCulture),
        _ => JToken.DeepEquals(left, right),
    };

    private static bool IsNumber(JValue value) => value.Type is JTokenType.Integer or JTokenType.Float;
}
