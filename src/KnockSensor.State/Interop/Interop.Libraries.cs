namespace KnockSensor.State;

/// <summary>Native entry points the snapshot store needs, one file per function (dotnet/runtime's layout).</summary>
internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>glibc by its soname (the bare "libc" is a linker script on Debian).</summary>
        public const string Libc = "libc.so.6";
    }
}
