using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Sockt.Serialization;

/// <summary>
/// The one set of Newtonsoft.Json settings used for every Sockt body, tuned to tolerate the real wire
/// (see shared/reference/sockt-wire.md): the service adds fields over time, answers some endpoints in
/// PascalCase, and sends ISO 8601 times that callers expect back verbatim.
/// </summary>
internal static class SocktJsonSettings
{
    // One resolver for every settings instance: it caches each type's contract (built by reflection) and is
    // thread-safe, while a resolver per serializer rebuilt the contracts on every create call.
    private static readonly WireMembersContractResolver SharedResolver = new();

    /// <summary>Creates a fresh settings instance (callers may not share a mutable one).</summary>
    public static JsonSerializerSettings Create() => new()
    {
        // Wire names come from the generated [JsonProperty] attributes; the resolver must not rename them.
        ContractResolver = SharedResolver,
        // New fields from the service must not break old clients.
        MissingMemberHandling = MissingMemberHandling.Ignore,
        // Optional request fields are omitted rather than sent as null (the CLI uses omitempty).
        NullValueHandling = NullValueHandling.Ignore,
        // Public models have no public constructor (tests build them with SocktModelFactory): use the internal one.
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        // Never let a body pick the CLR type it deserializes into.
        TypeNameHandling = TypeNameHandling.None,
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
        // Times stay the strings the service sent (the DTOs declare them as string).
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        Culture = CultureInfo.InvariantCulture,
        Formatting = Formatting.None,
        MaxDepth = 64,
    };

    /// <summary>Creates a serializer over <see cref="Create"/>.</summary>
    public static JsonSerializer CreateSerializer() => JsonSerializer.Create(Create());
}
