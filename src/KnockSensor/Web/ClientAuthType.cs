namespace KnockSensor.Web;

/// <summary>The exporter toolkit's <c>client_auth_type</c> (Go's tls.ClientAuthType names).</summary>
public enum ClientAuthType
{
    /// <summary>No client certificate is asked for (the default).</summary>
    NoClientCert,

    /// <summary>A certificate is asked for, not required, not verified.</summary>
    RequestClientCert,

    /// <summary>A certificate is required but not verified.</summary>
    RequireAnyClientCert,

    /// <summary>A certificate is asked for and, when given, must chain to <c>client_ca_file</c>.</summary>
    VerifyClientCertIfGiven,

    /// <summary>A certificate is required and must chain to <c>client_ca_file</c>.</summary>
    RequireAndVerifyClientCert,
}
