using System.CodeDom.Compiler;
using System.Reflection;
using Refit;
using Sockt.Api;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>Reflection over the generated contract: the DTOs of Sockt.Models and the methods of ISocktApi.</summary>
internal static class GeneratedContract
{
    public static Assembly SdkAssembly => typeof(ISocktApi).Assembly;

    /// <summary>The DTOs NSwag generated (the facade may add partial members, but not new generated types).</summary>
    public static IReadOnlyList<Type> Dtos { get; } = SdkAssembly.GetTypes()
        .Where(type => type.Namespace == "Sockt.Models"
            && type.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "NJsonSchema")
        .OrderBy(type => type.MetadataToken)
        .ToList();

    /// <summary>The Refit methods, in declaration order.</summary>
    public static IReadOnlyList<MethodInfo> ApiMethods { get; } = typeof(ISocktApi)
        .GetMethods()
        .OrderBy(method => method.MetadataToken)
        .ToList();

    /// <summary>Request DTOs are named after their body: *Request.</summary>
    public static bool IsRequest(Type dto) => dto.Name.EndsWith("Request", StringComparison.Ordinal);

    /// <summary>Public models: the shaped types users see (the other DTOs are internal, wire-only).</summary>
    public static bool IsPublicModel(Type dto) => dto.IsPublic;

    /// <summary>The members that carry a wire field: public on internal DTOs, internal Wire* members on public models.</summary>
    public static IEnumerable<PropertyInfo> WireProperties(Type dto) => dto
        .GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
        .Where(property => property.GetCustomAttribute<Newtonsoft.Json.JsonPropertyAttribute>() is not null)
        .OrderBy(property => property.MetadataToken);

    /// <summary>The public, shaped properties of a public model.</summary>
    public static IEnumerable<PropertyInfo> ModelProperties(Type dto) => dto
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .OrderBy(property => property.MetadataToken);

    /// <summary>A wire member's name without the "Wire" prefix public models give it (the C# name of the wire field).</summary>
    public static string WireMemberName(PropertyInfo property) =>
        IsPublicModel(property.DeclaringType!) && property.Name.StartsWith("Wire", StringComparison.Ordinal) ? property.Name["Wire".Length..] : property.Name;

    public static HttpMethodAttribute? Verb(MethodInfo method) => method.GetCustomAttribute<HttpMethodAttribute>();

    public static Type DtoNamed(string name) =>
        Dtos.SingleOrDefault(type => type.Name == name) ?? throw new InvalidOperationException($"No generated DTO {name}.");
}
