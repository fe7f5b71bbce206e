namespace KnockSensor;

/// <summary>Native entry points of the executable (daemon and web endpoint), one file per function (dotnet/runtime's layout).</summary>
internal static partial class Interop
{
    /// <summary>Library names in one place.</summary>
    internal static class Libraries
    {
        /// <summary>glibc by its soname (the bare "libc" would find Debian's linker script).</summary>
        public const string Libc = "libc.so.6";

        /// <summary>
        /// libxcrypt by its soname (Debian package libcrypt1, essential, so always installed): its crypt_rn implements
        /// bcrypt ($2b$, $2y$, $2a$), which spares a managed bcrypt package.
        /// </summary>
        public const string LibCrypt = "libcrypt.so.1";
    }
}
