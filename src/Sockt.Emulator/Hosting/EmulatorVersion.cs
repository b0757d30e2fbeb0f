using System.Reflection;

namespace Sockt.Emulator.Hosting;

/// <summary>What <c>--version</c> prints: the package version MinVer derived from git, with the commit as build metadata.</summary>
internal static class EmulatorVersion
{
    /// <summary>For example <c>0.2.0-alpha.0.123+1d5600e7...</c>, as <c>dotnet</c> tools print their version.</summary>
    public static string Informational { get; } =
        typeof(EmulatorVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
