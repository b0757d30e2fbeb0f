using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sockt.Emulator.Dashboard;

/// <summary>
/// Dashboard sign-ins. Signing in with the admin key gives the browser a random session id in an HttpOnly,
/// SameSite=Strict cookie: the admin key itself never goes into a cookie, a page or a URL. Sessions live in memory
/// (an emulator restart signs everyone out), expire after <see cref="Lifetime"/>, and only the newest
/// <see cref="MaxSessions"/> are kept. Ids are looked up by their SHA-256, so the lookup's timing says nothing about them.
/// </summary>
internal sealed class DashboardSessions(string adminKey, TimeProvider time)
{
    /// <summary>
    /// The session cookie's name on this port. Browsers scope cookies by host, not port, so two emulators on one
    /// machine would otherwise sign each other out.
    /// </summary>
    public static string CookieName(HttpContext context) =>
        "sockt_dashboard_" + context.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const int MaxSessions = 32;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly byte[] expectedKey = Encoding.UTF8.GetBytes(adminKey);
    private readonly ConcurrentDictionary<string, DashboardSession> sessions = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="presented"/> is the admin key (constant time).</summary>
    public bool IsAdminKey(string presented) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expectedKey);

    /// <summary>Starts a session; returns the id for the cookie.</summary>
    public string SignIn()
    {
        var id = NewSecret();
        sessions[Hash(id)] = new DashboardSession(NewSecret(), time.GetUtcNow() + Lifetime);
        foreach (var oldest in sessions.OrderBy(pair => pair.Value.ExpiresAt).Take(Math.Max(0, sessions.Count - MaxSessions)).ToList())
        {
            sessions.TryRemove(oldest.Key, out _);
        }

        return id;
    }

    /// <summary>The live session of this cookie value, or null.</summary>
    public DashboardSession? Find(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 64 || !sessions.TryGetValue(Hash(cookie), out var session))
        {
            return null;
        }

        if (session.ExpiresAt > time.GetUtcNow())
        {
            return session;
        }

        sessions.TryRemove(Hash(cookie), out _);
        return null;
    }

    public void SignOut(string? cookie)
    {
        if (!string.IsNullOrEmpty(cookie))
        {
            sessions.TryRemove(Hash(cookie), out _);
        }
    }

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
