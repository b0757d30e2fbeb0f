using System.Reflection;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>Writes CLR types the way C# source spells them, nullable annotations included.</summary>
internal static class CSharpTypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(int)] = "int",
        [typeof(long)] = "long",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(object)] = "object",
    };

    public static string Of(PropertyInfo property) => Of(new NullabilityInfoContext().Create(property));

    public static string Of(ParameterInfo parameter) => Of(new NullabilityInfoContext().Create(parameter));

    private static string Of(NullabilityInfo info)
    {
        var type = info.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Plain(underlying, []) + "?";
        }

        var name = Plain(type, info.GenericTypeArguments);
        var nullable = !type.IsValueType && info.ReadState == NullabilityState.Nullable;
        return nullable ? name + "?" : name;
    }

    private static string Plain(Type type, NullabilityInfo[] genericArguments)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        var arguments = genericArguments.Length == type.GetGenericArguments().Length
            ? genericArguments.Select(Of)
            : type.GetGenericArguments().Select(argument => Plain(argument, []));
        return $"{name}<{string.Join(", ", arguments)}>";
    }
}
