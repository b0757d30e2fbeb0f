namespace Sockt;

/// <summary>The content encodings the file endpoints accept.</summary>
public static class FileEncodings
{
    /// <summary>Plain text, UTF-8 (the default).</summary>
    public const string Utf8 = "utf8";

    /// <summary>Base64 text, for binary content.</summary>
    public const string Base64 = "base64";

    /// <summary>Throws unless <paramref name="encoding"/> is <see cref="Utf8"/> or <see cref="Base64"/>.</summary>
    internal static void Validate(string encoding, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(encoding, parameterName);
        if (encoding != Utf8 && encoding != Base64)
        {
            throw new ArgumentException($"Unknown encoding '{encoding}': use \"{Utf8}\" or \"{Base64}\".", parameterName);
        }
    }
}
