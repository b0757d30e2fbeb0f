using System.Collections;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>
/// Flattens a DTO graph into "Property.Path[index]" → value pairs, leaving out nulls, so a test can assert
/// every populated field at once and notice any field it did not expect.
/// </summary>
internal static class DtoFlattener
{
    public static IReadOnlyDictionary<string, object> Flatten(object dto)
    {
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal);
        Walk(dto, string.Empty, fields);
        return fields;
    }

    private static void Walk(object value, string path, IDictionary<string, object> fields)
    {
        foreach (var property in GeneratedContract.WireProperties(value.GetType()))
        {
            var propertyValue = property.GetValue(value);
            var name = GeneratedContract.WireMemberName(property);
            var propertyPath = path.Length == 0 ? name : $"{path}.{name}";
            switch (propertyValue)
            {
                case null:
                    break;
                case IList list:
                    fields[propertyPath + ".Count"] = list.Count;
                    for (var i = 0; i < list.Count; i++)
                    {
                        WalkValue(list[i], $"{propertyPath}[{i}]", fields);
                    }

                    break;
                default:
                    WalkValue(propertyValue, propertyPath, fields);
                    break;
            }
        }
    }

    private static void WalkValue(object? value, string path, IDictionary<string, object> fields)
    {
        if (value is null)
        {
            return;
        }

        if (value.GetType().Namespace == "Sockt.Models")
        {
            Walk(value, path, fields);
        }
        else
        {
            fields[path] = value;
        }
    }
}
