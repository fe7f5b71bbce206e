using System.Runtime.InteropServices;

namespace KnockSensor;

internal static partial class Interop
{
    internal static partial class LibCrypt
    {
        /// <summary>sizeof(struct crypt_data) in libxcrypt (crypt.h): the scratch area crypt_rn needs, reentrant.</summary>
        public const int CryptDataSize = 32768;

        /// <summary>
        /// <c>char *crypt_rn(const char *phrase, const char *setting, void *data, int size)</c>: hashes
        /// <paramref name="phrase"/> with the algorithm, cost and salt of <paramref name="setting"/> (a full hash works
        /// as its own setting). Returns a pointer into <paramref name="data"/>, or null on an invalid setting
        /// (never the "*0" failure token crypt() returns).
        /// </summary>
        [LibraryImport(Libraries.LibCrypt, EntryPoint = "crypt_rn", StringMarshalling = StringMarshalling.Utf8)]
        public static unsafe partial byte* CryptRn(string phrase, string setting, void* data, int size);
    }
}
