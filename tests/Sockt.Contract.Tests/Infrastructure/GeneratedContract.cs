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

    public static IEnumerable<PropertyInfo> WireProperties(Type dto) => dto
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.GetCustomAttribute<Newtonsoft.Json.JsonPropertyAttribute>() is not null)
        .OrderBy(property => property.MetadataToken);

    public static HttpMethodAttribute? Verb(MethodInfo method) => method.GetCustomAttribute<HttpMethodAttribute>();

    public static Type DtoNamed(string name) =>
        Dtos.SingleOrDefault(type => type.Name == name) ?? throw new InvalidOperationException($"No generated DTO {name}.");
}
