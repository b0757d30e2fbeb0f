using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sockt.AI.Tools;

/// <summary>How tool schemas and results are written: compact, and readable text (no \u escapes for quotes or &lt;).</summary>
internal static class ToolJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Results go to a model, not into HTML: escaping <, > and quotes would only make shell output harder to read.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
