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
        Converters = { new KnownValueConverter() },
    };

    /// <summary>Serializes <paramref name="value"/> to stdout, followed by a newline.</summary>
    public static Task WriteAsync(CliContext context, object? value) =>
        context.Out.WriteLineAsync(JsonConvert.SerializeObject(value, Settings));

    /// <summary>
    /// The generated models (Sockt.Models) are written as the wire sent them: only their [JsonProperty] wire members,
    /// not the shaped public properties beside them. The hand-written models (ExecResult) get snake_case names, so
    /// every document reads alike; the raw response text kept for debugging (<c>RawJson</c>) is left out.
    /// </summary>
    private sealed class ModelContractResolver : DefaultContractResolver
    {
        public ModelContractResolver() => NamingStrategy = new SnakeCaseNamingStrategy();

        protected override List<System.Reflection.MemberInfo> GetSerializableMembers(Type objectType)
        {
            var members = base.GetSerializableMembers(objectType);
            return objectType.Namespace == "Sockt.Models"
                ? members.Where(member => member.IsDefined(typeof(JsonPropertyAttribute), inherit: true)).ToList()
                : members;
        }

        protected override IList<JsonProperty> CreateProperties(Type type, MemberSerialization memberSerialization) =>
            base.CreateProperties(type, memberSerialization).Where(property => property.UnderlyingName != "RawJson").ToList();
    }

    /// <summary>Writes the SDK's extensible enums (SandboxState, ExecutionState, …) as their wire string.</summary>
    private sealed class KnownValueConverter : JsonConverter
    {
        public override bool CanRead => false;

        public override bool CanConvert(Type objectType)
        {
            var type = Nullable.GetUnderlyingType(objectType) ?? objectType;
            return type.IsValueType && type.Namespace == "Sockt" && type.Assembly == typeof(SandboxState).Assembly && type.GetConstructor([typeof(string)]) is not null;
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => writer.WriteValue(value?.ToString());

        public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            throw new NotSupportedException();
    }
}
