namespace Sockt.Emulator.Http;

/// <summary>The host names the emulator answers to: the loopback names, the public URL's host and the configured ones.</summary>
internal sealed class ServedHosts
{
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase) { "127.0.0.1", "localhost", "[::1]", "::1" };

    public ServedHosts(SocktEmulatorOptions options)
    {
        names.UnionWith(options.AllowedHosts);
        if (options.PublicUrl is { } url)
        {
            names.Add(url.Host);
        }
    }

    /// <summary>Whether <paramref name="host"/> (a name or address, without the port) is served.</summary>
    public bool Serves(string host) => host.Length > 0 && names.Contains(host.TrimEnd('.'));
}
