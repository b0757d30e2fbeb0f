namespace Sockt.Models;

/// <summary>Adds the raw response and the id under either of its wire names to the generated status model.</summary>
public partial class SandboxStatus
{
    /// <summary>
    /// The full JSON body the service answered (the reference SDK's <c>raw</c>), for fields this version of the SDK does
    /// not model. <see langword="null"/> for objects not read from the wire.
    /// </summary>
    [Newtonsoft.Json.JsonIgnore]
    public string? RawJson { get; set; }

    /// <summary>The sandbox id, whichever key the service used (<c>sandbox_id</c> or the PascalCase <c>ID</c>).</summary>
    [Newtonsoft.Json.JsonIgnore]
    public string? EffectiveSandboxId => SandboxId ?? Id;
}
