using System.Text;

namespace Sockt.Serialization;

/// <summary>
/// Appends query parameters to a path for the generated <c>SocktApiRoutes</c>, as Refit does for the interface: values
/// formatted by <see cref="SocktUrlParameterFormatter"/>, escaped, null ones left out.
/// </summary>
internal static class RouteQuery
{
    internal static string Append(string path, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        StringBuilder? query = null;
        foreach (var (name, value) in parameters)
        {
            if (SocktUrlParameterFormatter.FormatValue(value) is not { } text)
            {
                continue;
            }

            query ??= new StringBuilder(path);
            query.Append(query.Length == path.Length ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(text));
        }

        return query?.ToString() ?? path;
    }
}
