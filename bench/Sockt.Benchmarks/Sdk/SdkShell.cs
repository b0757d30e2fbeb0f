using System.Reflection;

namespace Sockt.Benchmarks.Sdk;

/// <summary>
/// Gets an SDK <see cref="ShellSession"/> for a sandbox. Uses the public <c>Sandbox.Shell(...)</c> when the SDK has it;
/// while it does not (the constructor of ShellSession is internal and nothing public creates one), builds the session
/// through that internal constructor with the same wiring Shell() is specified to have: GET shell-url with the
/// sandbox's credential, the credential as Bearer, and the sandbox's status for the running check.
/// </summary>
internal static class SdkShell
{
    /// <summary>Whether the workaround was needed in this run (reported in RESULTS.md).</summary>
    public static bool UsedWorkaround { get; private set; }

    public static ShellSession Open(Sandbox sandbox, RawShellUrlResolver resolver, string bearer)
    {
        var shell = typeof(Sandbox).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "Shell" && m.ReturnType == typeof(ShellSession) && m.GetParameters().All(p => p.IsOptional));
        if (shell is not null)
        {
            return (ShellSession)shell.Invoke(sandbox, shell.GetParameters().Select(p => p.DefaultValue).ToArray())!;
        }

        UsedWorkaround = true;
        var constructor = typeof(ShellSession).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance)
            .Single(c => c.GetParameters().Length == 6);
        Func<CancellationToken, Task<Uri>> resolveUrl = resolver.ResolveAsync;
        Func<CancellationToken, Task<string>> status = async ct => (await sandbox.RefreshStatusAsync(ct)).Status ?? string.Empty;
        return (ShellSession)constructor.Invoke([sandbox.Id, resolveUrl, bearer, status, null, null]);
    }
}
