using System.Security.Cryptography;

namespace KnockSensor.Web;

/// <summary>
/// Plain-words reasons for the web config's file errors, shorter than the runtime's messages and naming the file: so
/// an operator reads what went wrong with which file.
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
