using Refit;

namespace Sockt.Serialization;

/// <summary>Builds the Refit settings every <see cref="Sockt.Api.ISocktApi"/> instance must use.</summary>
internal static class SocktRefitSettings
{
    /// <summary>Newtonsoft bodies (<see cref="NewtonsoftContentSerializer"/>) and wire-format URL values (<see cref="SocktUrlParameterFormatter"/>).</summary>
    public static RefitSettings Create() => new(new NewtonsoftContentSerializer(), new SocktUrlParameterFormatter())
    {
        // Without buffering Refit streams bodies chunked; buffered bodies carry a Content-Length like the CLI's.
        Buffered = true,
    };
}
