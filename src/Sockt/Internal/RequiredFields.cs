namespace Sockt.Internal;

/// <summary>
/// The fields without which a success answer is not one the SDK can use (a sandbox without an id or a state, an
/// execution poll without a state, a file read without content). Checked on the values the facade reads, so the rule
/// holds whatever shape the generated models have: a <c>{}</c> (or a proxy's unrelated JSON) is an
/// <see cref="ApiException"/>, never a model full of defaults.
/// </summary>
internal static class RequiredFields
{
    /// <summary>Throws an <see cref="ApiException"/> naming every field that is missing.</summary>
    /// <param name="operation">The request, for example <c>GET /v1/sandboxes/sb_1</c>.</param>
    /// <param name="statusCode">The success status the operation answers.</param>
    /// <param name="fields">Each wire field name with whether the answer had it (see <see cref="HasText"/>).</param>
    internal static void Check(string operation, int statusCode, params ReadOnlySpan<(string Field, bool Present)> fields)
    {
        List<string>? missing = null;
        foreach (var (field, present) in fields)
        {
            if (!present)
            {
                (missing ??= []).Add(field);
            }
        }

        if (missing is not null)
        {
            throw new ApiException(
                $"Sockt API {operation} answered {statusCode} without {string.Join(", ", missing)}: not a response the SDK can use (a proxy or another service may have answered).",
                statusCode);
        }
    }

    /// <summary>Whether an identifier or state was sent: not null, and its text (an extensible enum's too) not blank.</summary>
    internal static bool HasText(object? value) => value is not null && !string.IsNullOrWhiteSpace(value.ToString());
}
