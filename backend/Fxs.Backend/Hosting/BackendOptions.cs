namespace Fxs.Backend.Hosting;

/// <summary>Section "Backend": where the state lives and which provisioning file to load.</summary>
public sealed class BackendOptions
{
    /// <summary>Database, generated TLS certificate and sealing key (relative to the content root).</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The provisioning file (JSON, <see cref="Provisioning.ProvisioningFile"/>), relative to the content root.</summary>
    public string? ProvisioningFile { get; set; }

    /// <summary>The carrier's static P-256 key for <c>ecdh-p256-aesgcm-v1</c> (PKCS#8 PEM); created in the data directory when absent.</summary>
    public string? SealingKeyPath { get; set; }

    /// <summary>The password pepper's key file (<see cref="Passwords.PepperKeys"/>, mode 0600); default password-pepper.keys in the data directory. Keep it off the database's volume and out of its backups.</summary>
    public string? PepperFile { get; set; }

    /// <summary>The key that encrypts the data protection key ring in the database (<see cref="Data.KeyRingKey"/>, mode 0600); default key-ring.key in the data directory. Every instance of one deployment gets the same file.</summary>
    public string? KeyRingKeyFile { get; set; }

    /// <summary>The SQLite file (Store:Provider = Sqlite); default backend.db in the data directory.</summary>
    public string? DatabasePath { get; set; }
}
