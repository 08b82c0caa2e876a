namespace Caliban.Core.SourceControl;

/// <summary>The git state of a project directory, recorded with each image and job; nulls when unknown.</summary>
/// <param name="Commit">HEAD's full commit hash.</param>
/// <param name="Dirty">Whether tracked files have uncommitted changes.</param>
/// <param name="RemoteUrl">remote.origin.url with any credentials removed.</param>
public sealed record GitInfo(string? Commit, bool? Dirty, string? RemoteUrl)
{
    public static readonly GitInfo Unknown = new(null, null, null);

    /// <summary>Reads the state with the git CLI; never throws, and returns <see cref="Unknown"/> outside a repository or without git.</summary>
    public static GitInfo Read(string directory)
    {
        if (!Directory.Exists(directory) || GitCommand.Run(directory, "rev-parse", "HEAD") is not { Length: > 0 } commit)
        {
            return Unknown;
        }

        var status = GitCommand.Run(directory, "status", "--porcelain", "--untracked-files=no");
        var remote = GitCommand.Run(directory, "config", "--get", "remote.origin.url");
        return new GitInfo(commit, status is null ? null : status.Length > 0, remote is { Length: > 0 } ? RemoteUrls.WithoutCredentials(remote) : null);
    }
}
