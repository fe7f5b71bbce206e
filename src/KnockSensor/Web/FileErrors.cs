using System.Security.Cryptography;

namespace KnockSensor.Web;

/// <summary>
/// Plain-words reasons for the web config's file errors. The binary is built with UseSystemResourceKeys (smaller), so
/// the runtime's own messages are resource keys such as "IO_FileNotFound_FileName": these say what went wrong instead.
/// </summary>
internal static class FileErrors
{
    public static string Describe(Exception error, string? path = null) => error switch
    {
        FileNotFoundException e => $"{e.FileName ?? path}: no such file",
        DirectoryNotFoundException => $"{path ?? "a file"}: no such directory",
        UnauthorizedAccessException => $"{path ?? "a file"}: permission denied",
        CryptographicException or ArgumentException => $"{path ?? "the certificate"}: not a usable PEM certificate and matching private key ({error.Message})",
        _ => error.Message,
    };
}
