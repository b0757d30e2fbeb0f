namespace Sockt;

/// <summary>Names of the output streams in <see cref="Models.OutputChunk.Stream"/>.</summary>
public static class OutputStreams
{
    /// <summary>Standard output.</summary>
    public const string Stdout = "stdout";

    /// <summary>Standard error.</summary>
    public const string Stderr = "stderr";
}
