using System.Reflection;

namespace Sockt.Tests;

/// <summary>
/// Conventions over the public API of the Sockt assembly (by reflection), so that the shaped surface of issue 11
/// stays shaped: the PublicAPI.*.txt files catch any change, these rules say which changes are wrong.
/// </summary>
public class PublicApiConventionTests
{
    private static readonly Assembly Sdk = typeof(ComputeClient).Assembly;

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Implementation libraries: a user must never need them to call, mock or read the SDK.</summary>
    private static readonly string[] ForbiddenNamespaces = ["Refit", "Newtonsoft", "System.Reactive", "NSwag", "NJsonSchema"];

    /// <summary>Property names that mark a closed set of wire values, which the SDK models as extensible enums.</summary>
    private static readonly string[] ClosedSetNames = ["Status", "State", "BillingMethod", "WarningLevel", "Level", "Stream", "Encoding", "Type"];

    /// <summary>
    /// String properties with a closed-set name that stay strings, and why. Refund.Status is documented by the wire as
    /// "`sent`, `credited` or another state" (spec/sockt.openapi.yaml, Refund): an open set with no extensible enum.
    /// </summary>
    private static readonly string[] OpenStringSets = ["Sockt.Models.Refund.Status"];

    private static readonly string[] TimestampSuffixes = ["At", "Ts", "Time", "Timestamp"];

    /// <summary>
    /// A result model is a type the SDK hands back and the caller only reads: every public type that
    /// <see cref="SocktModelFactory"/> builds (its public static methods' return types), plus every public type in
    /// Sockt.Models (the generated models). Options classes are inputs and may be settable.
    /// </summary>
    private static readonly Type[] ResultModels = typeof(SocktModelFactory)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Select(m => m.ReturnType)
        .Concat(Sdk.GetExportedTypes().Where(t => t.Namespace == "Sockt.Models"))
        .Distinct()
        .ToArray();

    [Test]
    public void No_public_signature_or_attribute_names_refit_newtonsoft_or_system_reactive()
    {
        var offenders = new List<string>();
        foreach (var type in Sdk.GetExportedTypes())
        {
            CheckAttributes(type.CustomAttributes, $"{type} attribute");
            Check(type.BaseType, $"{type} base type");
            foreach (var implemented in type.GetInterfaces())
            {
                Check(implemented, $"{type} implements");
            }

            foreach (var member in type.GetMembers(Declared).Where(IsVisible))
            {
                var where = $"{type}.{member.Name}";
                CheckAttributes(member.CustomAttributes, $"{where} attribute");
                switch (member)
                {
                    case MethodBase method:
                        if (method is MethodInfo info)
                        {
                            Check(info.ReturnType, $"{where} returns");
                            CheckAttributes(info.ReturnParameter.CustomAttributes, $"{where} return attribute");
                        }

                        foreach (var parameter in method.GetParameters())
                        {
                            Check(parameter.ParameterType, $"{where}({parameter.Name})");
                            CheckAttributes(parameter.CustomAttributes, $"{where}({parameter.Name}) attribute");
                        }

                        break;
                    case PropertyInfo property:
                        Check(property.PropertyType, where);
                        break;
                    case FieldInfo field:
                        Check(field.FieldType, where);
                        break;
                    case EventInfo @event:
                        Check(@event.EventHandlerType, where);
                        break;
                }
            }
        }

        Assert.That(offenders, Is.Empty);

        void CheckAttributes(IEnumerable<CustomAttributeData> attributes, string where)
        {
            foreach (var attribute in attributes)
            {
                Check(attribute.AttributeType, where);
            }
        }

        void Check(Type? type, string where)
        {
            if (type is null)
            {
                return;
            }

            if (type.HasElementType)
            {
                Check(type.GetElementType(), where);
                return;
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    Check(argument, where);
                }
            }

            var ns = type.Namespace ?? string.Empty;
            if (ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)))
            {
                offenders.Add($"{where}: {type.FullName}");
            }
        }
    }

    [Test]
    public void Result_models_have_no_public_setter()
    {
        // init-only counts too: a result is read, never written by the caller (tests build one with SocktModelFactory).
        var settable = ResultModels
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(p => p.SetMethod is { IsPublic: true } || p.SetMethod is { IsFamily: true })
            .Select(Describe);

        Assert.Multiple(() =>
        {
            Assert.That(ResultModels, Has.Length.GreaterThanOrEqualTo(10), "the factory and Sockt.Models were found");
            Assert.That(settable, Is.Empty);
        });
    }

    [Test]
    public void No_string_property_names_a_closed_set()
    {
        var strings = PublicProperties()
            .Where(p => p.PropertyType == typeof(string))
            .Where(p => ClosedSetNames.Any(n => p.Name.EndsWith(n, StringComparison.Ordinal)))
            .Select(Describe)
            .Except(OpenStringSets);

        Assert.That(strings, Is.Empty);
    }

    [Test]
    public void No_timestamp_is_a_date_time_or_a_number()
    {
        var timestamps = PublicProperties()
            .Where(p => IsDateTime(p.PropertyType) || (IsInteger(p.PropertyType) && TimestampSuffixes.Any(s => p.Name.EndsWith(s, StringComparison.Ordinal))))
            .Select(p => $"{Describe(p)}: {(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).Name}");

        Assert.That(timestamps, Is.Empty, "timestamps are DateTimeOffset");

        static bool IsDateTime(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTime);

        static bool IsInteger(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(long) || t == typeof(int));
    }

    private static IEnumerable<PropertyInfo> PublicProperties() =>
        Sdk.GetExportedTypes().SelectMany(t => t.GetProperties(Declared).Where(p => p.GetMethod is { IsPublic: true } or { IsFamily: true }));

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        PropertyInfo property => property.GetMethod is { IsPublic: true } or { IsFamily: true } or { IsFamilyOrAssembly: true }
                                 || property.SetMethod is { IsPublic: true } or { IsFamily: true } or { IsFamilyOrAssembly: true },
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        EventInfo @event => @event.AddMethod is { IsPublic: true } or { IsFamily: true },
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily,
        _ => false,
    };

    private static string Describe(PropertyInfo property) => $"{property.DeclaringType!.FullName}.{property.Name}";
}
