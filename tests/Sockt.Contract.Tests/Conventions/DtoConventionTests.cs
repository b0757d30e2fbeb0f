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

    private static IEnumerable<Type> PublicModels => GeneratedContract.Dtos.Where(GeneratedContract.IsPublicModel);

    [Test]
    public void The_generated_dtos_exist() =>
        Assert.That(GeneratedContract.Dtos.Select(dto => dto.Name), Does.Contain("SandboxStatus").And.Contain("WriteFileRequest").And.Contain("ErrorEnvelope"));

    [Test]
    public void Wire_only_dtos_are_internal_and_the_models_users_see_are_public()
    {
        var publicNames = PublicModels.Select(dto => dto.Name).Order(StringComparer.Ordinal);

        Assert.That(publicNames, Is.EqualTo(new[]
        {
            "FileContent", "FileEntry", "FileWritten", "OutputChunk", "PendingInvoice", "Refund", "SandboxStatus", "SandboxTier", "TerminationResult",
        }));
    }

    [TestCaseSource(nameof(Dtos))]
    public void Dto_is_a_partial_class_in_Sockt_Models(Type dto)
    {
        Assert.That(dto.IsClass && !dto.IsAbstract, Is.True);
        Assert.That(dto.Namespace, Is.EqualTo("Sockt.Models"));
    }

    [TestCaseSource(nameof(PublicModels))]
    public void Public_model_is_sealed_get_only_and_built_only_by_the_sdk(Type dto)
    {
        Assert.Multiple(() =>
        {
            Assert.That(dto.IsSealed, Is.True, "sealed");
            Assert.That(dto.GetConstructors(), Is.Empty, "no public constructor: SocktModelFactory builds models");
            Assert.That(dto.GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes), Is.Not.Null, "the serializer's constructor");
            Assert.That(GeneratedContract.ModelProperties(dto).Where(property => property.SetMethod is { IsPublic: true }).Select(property => property.Name), Is.Empty, "no public setter");
            Assert.That(GeneratedContract.WireProperties(dto).Where(property => property.GetMethod!.IsPublic).Select(property => property.Name), Is.Empty, "wire members are internal");
        });
    }

    [TestCaseSource(nameof(PublicModels))]
    public void No_public_member_of_a_model_carries_a_serializer_attribute(Type dto)
    {
        var attributed = dto.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(member => member.GetCustomAttributes().Any(attribute => attribute.GetType().Namespace?.StartsWith("Newtonsoft", StringComparison.Ordinal) == true))
            .Select(member => member.Name);

        Assert.Multiple(() =>
        {
            Assert.That(attributed, Is.Empty);
            Assert.That(dto.GetCustomAttributes().Select(attribute => attribute.GetType().Namespace), Has.None.StartsWith("Newtonsoft"));
        });
    }

    [TestCaseSource(nameof(PublicModels))]
    public void Public_collections_are_read_only_lists(Type dto)
    {
        foreach (var property in GeneratedContract.ModelProperties(dto))
        {
            var type = property.PropertyType;
            if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
            {
                Assert.That(type.GetGenericTypeDefinition(), Is.EqualTo(typeof(IReadOnlyList<>)), property.Name);
            }
        }
    }

    [TestCaseSource(nameof(Dtos))]
    public void Csharp_names_are_pascal_case_without_underscores(Type dto)
    {
        foreach (var property in GeneratedContract.WireProperties(dto))
        {
            var name = GeneratedContract.WireMemberName(property);
            Assert.That(name, Does.Not.Contain("_").And.Match("^[A-Z][A-Za-z0-9]*$"), name);
            Assert.That(name, Does.Not.Match("[A-Z]{2}"), $"{name}: acronyms are written like Id, not ID");
        }
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Response_fields_are_nullable_and_optional_unless_the_spec_requires_them(Type dto)
    {
        var context = new NullabilityInfoContext();
        foreach (var property in GeneratedContract.WireProperties(dto))
        {
            var json = property.GetCustomAttribute<JsonPropertyAttribute>()!;
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && context.Create(property).ReadState == NullabilityState.Nullable);

            if (json.Required == Required.Always)
            {
                Assert.That(nullable, Is.False, $"{property.Name} is required, so it is not nullable");
            }
            else
            {
                Assert.That(nullable, Is.True, $"{property.Name} must be nullable: the service may omit or null it");
                Assert.That(json.Required, Is.EqualTo(Required.Default), $"{property.Name} must not make a missing field throw");
            }
        }
    }

    [TestCaseSource(nameof(Dtos))]
    public void No_extension_data_bag_no_closed_enums_no_arrays_on_the_wire(Type dto)
    {
        foreach (var property in GeneratedContract.WireProperties(dto))
        {
            Assert.That(property.GetCustomAttribute<JsonExtensionDataAttribute>(), Is.Null, $"{property.Name}: additionalProperties must stay false");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.That(type.IsEnum, Is.False, $"{property.Name}: status-like fields are open strings on the wire");
            Assert.That(type.IsArray, Is.False, $"{property.Name}: collections are List<T>");
            if (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string))
            {
                Assert.That(type.GetGenericTypeDefinition(), Is.EqualTo(typeof(List<>)), $"{property.Name}: collections are List<T>");
            }
        }
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Every_null_or_missing_optional_field_reads_without_throwing(Type dto)
    {
        var settings = Sockt.Serialization.SocktJsonSettings.Create();
        var allNull = MinimalJson(dto, property => "null");

        Assert.That(() => JsonConvert.DeserializeObject(allNull, dto, settings), Throws.Nothing, allNull);
        Assert.That(() => JsonConvert.DeserializeObject(MinimalJson(dto, property: null), dto, settings), Throws.Nothing);
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void A_missing_required_field_fails_loudly(Type dto)
    {
        var required = GeneratedContract.WireProperties(dto).Where(property => property.GetCustomAttribute<JsonPropertyAttribute>()!.Required == Required.Always).ToList();
        if (required.Count == 0)
        {
            Assert.Pass("no required field");
        }

        Assert.That(() => JsonConvert.DeserializeObject("{}", dto, Sockt.Serialization.SocktJsonSettings.Create()), Throws.InstanceOf<JsonSerializationException>());
    }

    [TestCaseSource(nameof(PublicModels))]
    public void Every_public_property_of_a_sparse_model_reads_without_throwing(Type dto)
    {
        var sparse = JsonConvert.DeserializeObject(MinimalJson(dto, property: null), dto, Sockt.Serialization.SocktJsonSettings.Create())!;

        foreach (var property in GeneratedContract.ModelProperties(dto))
        {
            Assert.That(() => property.GetValue(sparse), Throws.Nothing, property.Name);
        }
    }

    [TestCaseSource(nameof(ResponseDtos))]
    public void Every_response_dto_ignores_unknown_fields(Type dto)
    {
        var json = MinimalJson(dto, property: null).TrimEnd('}');
        json += (json.Length > 1 ? "," : string.Empty) + "\"a_field_from_the_future\":{\"nested\":[1,2,3]},\"another\":\"x\"}";

        Assert.That(() => JsonConvert.DeserializeObject(json, dto, Sockt.Serialization.SocktJsonSettings.Create()), Throws.Nothing, json);
    }

    /// <summary>A body with every required field set to a plain value, and the optional ones as <paramref name="property"/> says (left out when null).</summary>
    private static string MinimalJson(Type dto, Func<PropertyInfo, string>? property)
    {
        var fields = new List<string>();
        foreach (var member in GeneratedContract.WireProperties(dto))
        {
            var json = member.GetCustomAttribute<JsonPropertyAttribute>()!;
            if (json.Required == Required.Always)
            {
                fields.Add($"\"{json.PropertyName}\":{SampleValue(member.PropertyType)}");
            }
            else if (property is not null)
            {
                fields.Add($"\"{json.PropertyName}\":{property(member)}");
            }
        }

        return "{" + string.Join(",", fields) + "}";
    }

    private static string SampleValue(Type type) => type == typeof(string) ? "\"x\"" : type == typeof(bool) ? "false" : "0";
}
