using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Sockt.Serialization;

/// <summary>
/// Reads and writes the SDK's own types through their <c>[JsonProperty]</c> members only. The public models expose
/// shaped get-only properties (<c>Status</c>, <c>TimeRemaining</c>, …) next to their internal wire members; without this
/// filter Newtonsoft would also write those, and a PascalCase key such as <c>"Status"</c> would match the read-only
/// public property instead of the wire member <c>status</c>. The rule is by attribute, so it needs no public attribute
/// (such as <c>[JsonObject(MemberSerialization.OptIn)]</c>) on the models.
/// </summary>
internal sealed class WireMembersContractResolver : DefaultContractResolver
{
    private static readonly Assembly Sdk = typeof(WireMembersContractResolver).Assembly;

    protected override List<MemberInfo> GetSerializableMembers(Type objectType)
    {
        var members = base.GetSerializableMembers(objectType);
        return objectType.Assembly == Sdk
            ? members.Where(member => member.IsDefined(typeof(JsonPropertyAttribute), inherit: true)).ToList()
            : members;
    }
}
