namespace Sockt.Emulator.Processes;

/// <summary>A fully built command line for a sandbox process (the bwrap wrapper included, when isolating).</summary>
internal sealed record LaunchSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment);
