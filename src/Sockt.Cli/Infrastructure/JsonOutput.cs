using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Sockt.Cli.Infrastructure;

/// <summary>Writes the SDK's models as one JSON document: the wire's snake_case names (the models' own attributes).</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Include,
        ContractResolver = new ModelContractResolver(),
    };

    /// <summary>Serializes <paramref name="value"/> to stdout, followed by a newline.</summary>
    public static Task WriteAsync(CliContext context, object? value) =>
        context.Out.WriteLineAsync(JsonConvert.SerializeObject(value, Settings));

    /// <summary>
    /// Snake_case for the hand-written models' properties too (ExecResult), so every document reads alike; the raw
    /// response text kept for debugging (<c>RawJson</c>) is left out, since its fields are already there.
    /// </summary>
    private sealed class ModelContractResolver : DefaultContractResolver
    {
        public ModelContractResolver() => NamingStrategy = new SnakeCaseNamingStrategy();

        protected override IList<JsonProperty> CreateProperties(Type type, MemberSerialization memberSerialization) =>
            base.CreateProperties(type, memberSerialization).Where(property => property.UnderlyingName != "RawJson").ToList();
    }
}
