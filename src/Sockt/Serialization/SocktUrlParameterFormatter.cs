using System.Globalization;
using System.Reflection;
using Refit;

namespace Sockt.Serialization;

/// <summary>
/// Formats path and query values the way the service parses them: booleans as <c>true</c>/<c>false</c>
/// (Refit's default would send <c>True</c>) and numbers with the invariant culture.
/// </summary>
internal sealed class SocktUrlParameterFormatter : IUrlParameterFormatter
{
    public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) => FormatValue(value);

    /// <summary>The query or path text of <paramref name="value"/> (null when the parameter is left out).</summary>
    internal static string? FormatValue(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
