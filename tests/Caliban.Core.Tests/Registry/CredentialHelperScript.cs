namespace Caliban.Core.Tests.Registry;

/// <summary>
/// A `docker-credential-NAME` shell script in a folder of its own, for PATH: it records the server URL it was asked
/// for and answers with the given credentials, "credentials not found", or a failure.
/// </summary>
internal sealed class CredentialHelperScript : IDisposable
{
    public CredentialHelperScript(string name, string body)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("caliban-helper-").FullName;
        Program = Path.Combine(Directory, "docker-credential-" + name);
        File.WriteAllText(Program, $"#!/bin/sh\n[ \"$1\" = get ] || exit 2\ncat > \"{AskedFile}\"\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public string Program { get; }

    public string AskedFile => Path.Combine(Directory, "asked.txt");

    /// <summary>What the helper read on stdin, or null if it never ran.</summary>
    public string? Asked => File.Exists(AskedFile) ? File.ReadAllText(AskedFile) : null;

    /// <summary>PATH with the helper's folder first, then the usual system folders (sh, cat).</summary>
    public string SearchPath => $"{Directory}{Path.PathSeparator}/usr/bin{Path.PathSeparator}/bin";

    public static CredentialHelperScript Answering(string name, string username, string secret) =>
        new(name, $"printf '%s' '{{\"ServerURL\":\"x\",\"Username\":\"{username}\",\"Secret\":\"{secret}\"}}'");

    public static CredentialHelperScript NotFound(string name) => new(name, "echo 'credentials not found in native keychain'\nexit 1");

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
