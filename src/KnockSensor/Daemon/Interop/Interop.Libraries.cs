namespace KnockSensor.Daemon;

/// <summary>Native entry points the daemon needs beside capture, one file per function (dotnet/runtime's layout).</summary>
internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>glibc by its soname (the bare "libc" would find Debian's linker script).</summary>
        public const string Libc = "libc.so.6";
    }
}
