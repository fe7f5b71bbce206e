using System.Diagnostics;
using KnockSensor.Web;

namespace KnockSensor.Tests.Metrics;

/// <summary>
/// bcrypt through libxcrypt, checked against hashes made by other programs: htpasswd (apache2-utils, <c>$2y$</c>) and
/// Python's crypt module (<c>$2b$</c>), both at cost 10 as the docs tell operators to use.
/// </summary>
public sealed class BcryptTests
{
    [Fact]
    public void An_htpasswd_hash_accepts_its_password_and_refuses_others()
    {
        var hash = Htpasswd("prometheus", "s3cret pass");
        Assert.StartsWith("$2y$10$", hash, StringComparison.Ordinal);

        Assert.True(Bcrypt.Verify("s3cret pass", hash));
        Assert.False(Bcrypt.Verify("s3cret pasS", hash));
        Assert.False(Bcrypt.Verify("s3cret pass ", hash));
        Assert.False(Bcrypt.Verify(string.Empty, hash));
    }

    [Fact]
    public void A_python_crypt_2b_hash_accepts_its_password_and_refuses_others()
    {
        var hash = Run("python3", "-W", "ignore", "-c", "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024)))", "pässwörd").Trim();
        Assert.StartsWith("$2b$10$", hash, StringComparison.Ordinal);

        Assert.True(Bcrypt.Verify("pässwörd", hash));
        Assert.False(Bcrypt.Verify("passwort", hash));
    }

    [Fact]
    public void Non_bcrypt_hashes_are_refused_even_with_the_right_password()
    {
        // MD5-crypt and SHA-512-crypt of "secret": libxcrypt would verify them, the exporter toolkit does not accept them.
        var md5 = Run("openssl", "passwd", "-1", "secret").Trim();
        var sha512 = Run("openssl", "passwd", "-6", "secret").Trim();

        Assert.False(Bcrypt.Verify("secret", md5));
        Assert.False(Bcrypt.Verify("secret", sha512));
        Assert.False(Bcrypt.IsBcryptHash(md5));
    }

    [Fact]
    public void The_authenticator_checks_headers_remembers_successes_and_refuses_unknown_users()
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal) { ["alice"] = Htpasswd("alice", "right") };
        var authenticator = new BasicAuthenticator(users);

        Assert.True(authenticator.IsAuthorized(Header("alice:right")));
        Assert.Equal(0, authenticator.RememberedHits);
        Assert.True(authenticator.IsAuthorized(Header("alice:right")));
        Assert.Equal(1, authenticator.RememberedHits);

        Assert.False(authenticator.IsAuthorized(Header("alice:wrong")));
        Assert.False(authenticator.IsAuthorized(Header("bob:right")));
        Assert.False(authenticator.IsAuthorized(Header("alice")));
        Assert.False(authenticator.IsAuthorized("Basic %%%not-base64"));
        Assert.False(authenticator.IsAuthorized("Bearer abc"));
        Assert.False(authenticator.IsAuthorized(null));

        // A wrong password is never remembered: it keeps failing.
        Assert.False(authenticator.IsAuthorized(Header("alice:wrong")));
        Assert.True(new BasicAuthenticator(new Dictionary<string, string>()).IsAuthorized(null));
    }

    private static string Header(string credentials) => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials));

    private static string Htpasswd(string user, string password)
    {
        var line = Run("htpasswd", "-nbBC", "10", user, password).Trim();
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    private static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
        return output;
    }
}
