using System.Reflection;

namespace Sockt.Internal;

/// <summary>
/// The SDK's own version, as its package is versioned (MinVer, from git tags): <c>0.2.0</c> for a release,
/// <c>0.2.1-alpha.0.3</c> between tags. The assembly version says only the major (<c>0.0.0.0</c>), so it cannot be used.
/// </summary>
internal static class SdkVersion
{
    /// <summary>The package version, without the <c>+commit</c> build metadata the informational version carries.</summary>
    public static string Current { get; } = Read(typeof(SdkVersion).Assembly);

    /// <summary>The version part of an assembly's informational version (everything before <c>+</c>).</summary>
    internal static string Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return "0.0.0";
        }

        var metadata = informational.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? informational : informational[..metadata];
    }
}
