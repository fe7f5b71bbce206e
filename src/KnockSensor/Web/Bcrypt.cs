using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KnockSensor.Web;

/// <summary>bcrypt verification through libxcrypt's <c>crypt_rn</c> (the hashes <c>htpasswd -nBC 10</c> writes).</summary>
public static class Bcrypt
{
    /// <summary>True when <paramref name="hash"/> looks like a bcrypt hash: <c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>, cost, 53 characters of salt and hash.</summary>
    public static bool IsBcryptHash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash.Length == 60
            && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$'
            && char.IsAsciiDigit(hash[4]) && char.IsAsciiDigit(hash[5]) && hash[6] == '$';
    }

    /// <summary>
    /// True when <paramref name="password"/> hashes to <paramref name="hash"/>. Only bcrypt hashes are accepted (a DES
    /// or MD5 crypt hash is refused, as the exporter toolkit does); the comparison takes the same time wherever the
    /// hashes differ. Slow by design (cost 10 ≈ 50–100 ms): callers cache successes.
    /// </summary>
    public static unsafe bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(hash);
        if (!IsBcryptHash(hash) || password.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var data = NativeMemory.AllocZeroed(Interop.LibCrypt.CryptDataSize);
        try
        {
            var result = Interop.LibCrypt.CryptRn(password, hash, data, Interop.LibCrypt.CryptDataSize);
            if (result is null)
            {
                return false;
            }

            var computed = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result);
            Span<byte> expected = stackalloc byte[60];
            Encoding.ASCII.GetBytes(hash, expected);
            return CryptographicOperations.FixedTimeEquals(computed, expected);
        }
        finally
        {
            // The scratch area held the password and intermediate state: wipe it before it goes back to the heap.
            new Span<byte>(data, Interop.LibCrypt.CryptDataSize).Clear();
            NativeMemory.Free(data);
        }
    }
}
