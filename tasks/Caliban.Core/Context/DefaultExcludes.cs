namespace Caliban.Core.Context;

/// <summary>
/// The rules Caliban adds around a project's .dockerignore. Evaluation order: <see cref="Clutter"/>, the .dockerignore
/// file, the project's extra excludes, then the forced rules (the .dockerignore file itself, and <see cref="BuildOutput"/>
/// while UseDefaultExcludes is on), so no '!' line can bring those back. <see cref="Credentials"/> are checked apart and
/// always apply.
/// </summary>
public static class DefaultExcludes
{
    /// <summary>Other version-control metadata and Python clutter; a '!' line in .dockerignore can re-include them.</summary>
    public static IReadOnlyList<string> Clutter { get; } =
        [".hg", ".svn", "**/__pycache__", "**/*.pyc", "**/.venv", "**/.ipynb_checkpoints", "**/.DS_Store"];

    /// <summary>The project's MSBuild output and Git metadata, at the project root: never sent while UseDefaultExcludes is on.</summary>
    public static IReadOnlyList<string> BuildOutput { get; } = ["bin", "obj", ".git"];

    /// <summary>Credential files at any depth: never copied into an image layer, whatever the options or .dockerignore say.</summary>
    public static IReadOnlyList<string> Credentials { get; } =
    [
        "**/.caliban_default_creds.json", "**/.caliban_adc_creds.json", "**/application_default_credentials.json",
        "**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/*.p12", "**/id_rsa*", "**/id_ed25519*",
        "**/.netrc", "**/.git-credentials", "**/.docker/config.json", "**/.kube/config",
    ];

    internal static DockerIgnore ClutterRules { get; } = DockerIgnore.Parse(Clutter, "Caliban's default excludes");

    internal static DockerIgnore CredentialRules { get; } = DockerIgnore.Parse(Credentials, "Caliban's credential excludes");

    private static DockerIgnore ForcedAlways { get; } = DockerIgnore.Parse([DockerIgnore.FileName]);

    private static DockerIgnore ForcedWithBuildOutput { get; } =
        DockerIgnore.Parse([DockerIgnore.FileName, .. BuildOutput]);

    /// <summary>The rules appended after every user pattern, so '!' lines cannot override them.</summary>
    internal static DockerIgnore ForcedRules(bool useDefaultExcludes) =>
        useDefaultExcludes ? ForcedWithBuildOutput : ForcedAlways;
}
