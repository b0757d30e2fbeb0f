using Microsoft.Win32.SafeHandles;

namespace Sockt.Emulator.Endpoints;

/// <summary>A file opened (created or truncated) for a write, with what the answer reports about it.</summary>
/// <param name="File">The file, opened for writing inside the confined home.</param>
/// <param name="SandboxView">The path as the sandbox sees it.</param>
/// <param name="CreatedDirs">Whether missing parent directories were created.</param>
internal sealed record WriteTarget(SafeFileHandle File, string SandboxView, bool CreatedDirs) : IDisposable
{
    public void Dispose() => File.Dispose();
}
