namespace Sockt.Emulator.Sandboxes;

/// <summary>One listed name: its path relative to the listed directory, file type bits (S_IFMT), size and modification time.</summary>
internal sealed record ConfinedEntry(string Name, int Kind, long Size, long ModifiedSeconds)
{
    public bool IsDirectory => Kind == ConfinedNative.SIfDir;

    public bool IsLink => Kind == ConfinedNative.SIfLnk;
}
