namespace Sockt;

/// <summary>
/// The equality every extensible-enum struct (<see cref="SandboxState"/>, <see cref="ExecutionState"/>, …) shares: by
/// wire string, ignoring case, with <see langword="default"/> equal to the empty string.
/// </summary>
internal static class KnownValue
{
    public static bool AreEqual(string? left, string? right) =>
        string.Equals(left ?? string.Empty, right ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    public static int HashOf(string? value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value ?? string.Empty);
}
