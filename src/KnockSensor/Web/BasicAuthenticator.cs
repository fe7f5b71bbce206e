using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace KnockSensor.Web;

/// <summary>
/// HTTP basic authentication against the web config's <c>basic_auth_users</c> (user → bcrypt hash), as the Prometheus
/// exporter toolkit does it. Thread-safe: scrapes arrive on any Kestrel thread.
/// </summary>
/// <remarks>
/// bcrypt is slow on purpose (tens of milliseconds at cost 10), and Prometheus sends the same credentials with every
/// scrape, so successful checks are remembered: keyed by a SHA-256 of user, password and stored hash (the password is
/// never kept), at most <see cref="MaxRemembered"/> entries, forgotten all at once when full. Failures are never
/// remembered. An unknown user still costs one bcrypt, so timing does not tell which users exist.
/// </remarks>
public sealed class BasicAuthenticator
{
    /// <summary>Successful checks remembered; a new set of credentials past this clears the memory.</summary>
    public const int MaxRemembered = 1024;

    /// <summary>A cost-10 hash of a random password nobody knows: what an unknown user is checked against.</summary>
    private const string DecoyHash = "$2y$10$rXeXIsFwmoFvm8oCpi4UI.BjEV26zHfrxVALOsz17mr9DajtoYKp6";

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    private long _rememberedHits;

    public BasicAuthenticator(IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = users;
    }

    /// <summary>False when no users are configured: every request is let through.</summary>
    public bool IsEnabled => _users.Count > 0;

    /// <summary>Checks successful so far that came from memory instead of bcrypt (for tests).</summary>
    public long RememberedHits => Interlocked.Read(ref _rememberedHits);

    /// <summary>True when the <c>Authorization</c> header carries the basic credentials of a configured user.</summary>
    public bool IsAuthorized(string? authorization)
    {
        if (!IsEnabled)
        {
            return true;
        }

        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && Check(decoded[..colon], decoded[(colon + 1)..]);
    }

    /// <summary>True when <paramref name="password"/> is <paramref name="user"/>'s.</summary>
    public bool Check(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (!_users.TryGetValue(user, out var hash))
        {
            Bcrypt.Verify(password, DecoyHash);
            return false;
        }

        var key = MemoryKey(user, password, hash);
        if (_verified.ContainsKey(key))
        {
            Interlocked.Increment(ref _rememberedHits);
            return true;
        }

        if (!Bcrypt.Verify(password, hash))
        {
            return false;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified.TryAdd(key, true);
        return true;
    }

    private static string MemoryKey(string user, string password, string hash)
    {
        var text = Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}");
        try
        {
            return Convert.ToHexString(SHA256.HashData(text));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }
}
