using System.Collections;
using System.Reflection;
using Newtonsoft.Json;
using Sockt.Contract.Tests.Infrastructure;

namespace Sockt.Contract.Tests.Conventions;

/// <summary>Rules every generated DTO follows (Stripe-style "wholesome" tests over reflection).</summary>
public sealed class DtoConventionTests
{
    private static IEnumerable<Type> Dtos => GeneratedContract.Dtos;

    private static IEnumerable<Type> ResponseDtos => GeneratedContract.Dtos.Where(dto => !GeneratedContract.IsRequest(dto));

    [Test]
    public void The_generated_dtos_exist() =>
        Assert.That(GeneratedContract.Dtos.Select(dto => dto.Name), Does.Contain("SandboxStatus").And.Contain("WriteFileRequest").And.Contain("ErrorEnvelope"));

    [TestCaseSource(nameof(Dtos))]
    public void Dto_is_a_public_partial_class_in_Sockt_Models(Type dto)
    {
        Assert.That(dto.IsPublic && dto.IsClass && !dto.IsAbstract, Is.True);
        Assert.That(dto.Namespace, Is.EqualTo("Sockt.Models"));
        Assert.That(dto.GetConstructor(Type.EmptyTypes), Is.Not.Null, "parameterless constructor");
    }

    [TestCaseSource(nameof(Dtos))]
    public void Every_public_property_carries_its_wire_name_or_is_explicitly_ignored(Type dto)
    {
        // Facade partials may add convenience members, but they must say [JsonIgnore] so that nothing
        // reaches the wire under a CLR name.
        var unnamed = dto.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<JsonPropertyAttribute>() is not { PropertyName.Length: > 0 }
                && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(property => property.Name);

        Assert.That(unnamed, Is.Empty);
    }

    [TestCaseSource(nameof(Dtos))]
    public void Csharp_names_are_pascal_case_without_underscores(Type dto)
    {
        foreach (var property in GeneratedContract.WireProperties(dto))
        {
            Assert.That(property.Name, Does.Not.Contain("_").And.Match("^[A-Z][A-Za-z0-9]*$"), property.Name);
            Assert.That(property.Name, Does.Not.Match("[A-Z]{2}"), $"{property.Name}: acronyms are written like Id, not ID");
        }
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Response_properties_are_nullable_and_never_required(Type dto)
    {
        var context = new NullabilityInfoContext();
        foreach (var property in GeneratedContract.WireProperties(dto))
        {
            var json = property.GetCustomAttribute<JsonPropertyAttribute>()!;
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && context.Create(property).ReadState == NullabilityState.Nullable);

            Assert.That(nullable, Is.True, $"{property.Name} must be nullable: the service may omit or null it");
            Assert.That(json.Required, Is.EqualTo(Required.Default), $"{property.Name} must not make a missing field throw");
        }
    }

    [TestCaseSource(nameof(Dtos))]
    public void No_extension_data_bag_no_closed_enums_no_arrays(Type dto)
    {
        foreach (var property in dto.GetProperties())
        {
            Assert.That(property.GetCustomAttribute<JsonExtensionDataAttribute>(), Is.Null, $"{property.Name}: additionalProperties must stay false");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.That(type.IsEnum, Is.False, $"{property.Name}: status-like fields are open strings");
            Assert.That(type.IsArray, Is.False, $"{property.Name}: collections are List<T>");
            if (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string))
            {
                Assert.That(type.GetGenericTypeDefinition(), Is.EqualTo(typeof(List<>)), $"{property.Name}: collections are List<T>");
            }
        }
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Every_null_or_missing_field_reads_without_throwing(Type dto)
    {
        var allNull = "{" + string.Join(",", GeneratedContract.WireProperties(dto)
            .Select(property => $"\"{property.GetCustomAttribute<JsonPropertyAttribute>()!.PropertyName}\":null")) + "}";
        var settings = Sockt.Serialization.SocktJsonSettings.Create();

        Assert.That(() => JsonConvert.DeserializeObject(allNull, dto, settings), Throws.Nothing, allNull);
        Assert.That(() => JsonConvert.DeserializeObject("{}", dto, settings), Throws.Nothing);
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Every_response_dto_ignores_unknown_fields(Type dto)
    {
        var json = "{\"a_field_from_the_future\":{\"nested\":[1,2,3]},\"another\":\"x\"}";

        Assert.That(() => JsonConvert.DeserializeObject(json, dto, Sockt.Serialization.SocktJsonSettings.Create()), Throws.Nothing);
    }
}
