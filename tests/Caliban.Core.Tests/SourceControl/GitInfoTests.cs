using System.Diagnostics;
using Caliban.Core.SourceControl;

namespace Caliban.Core.Tests.SourceControl;

public sealed class GitInfoTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("caliban-git-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_directory_outside_any_repository_gives_nulls()
    {
        Assert.Equal(GitInfo.Unknown, GitInfo.Read(directory));
    }

    [Fact]
    public void A_directory_that_does_not_exist_gives_nulls()
    {
        Assert.Equal(GitInfo.Unknown, GitInfo.Read(Path.Combine(directory, "missing")));
    }

    [Fact]
    public void A_clean_checkout_reports_its_commit_and_remote_without_credentials()
    {
        var commit = CommitOneFile();
        Git("remote", "add", "origin", "https://researcher:ghp_secret123@github.com/lab/experiments.git");

        var info = GitInfo.Read(directory);

        Assert.Equal(commit, info.Commit);
        Assert.Equal(40, info.Commit!.Length);
        Assert.False(info.Dirty);
        Assert.Equal("https://github.com/lab/experiments.git", info.RemoteUrl);
    }

    [Fact]
    public void Editing_a_tracked_file_makes_it_dirty_but_untracked_files_do_not()
    {
        CommitOneFile();
        File.WriteAllText(Path.Combine(directory, "untracked.txt"), "new");
        Assert.False(GitInfo.Read(directory).Dirty);

        File.AppendAllText(Path.Combine(directory, "train.py"), "print('changed')\n");

        var info = GitInfo.Read(directory);
        Assert.True(info.Dirty);
        Assert.Null(info.RemoteUrl);
    }

    [Fact]
    public void A_repository_without_commits_gives_nulls()
    {
        Git("init", "--quiet");

        Assert.Equal(GitInfo.Unknown, GitInfo.Read(directory));
    }

    [Theory]
    [InlineData("https://user:token@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://ghp_token@github.com/org/repo", "https://github.com/org/repo")]
    [InlineData("http://u:p%40ss@host:8080/x", "http://host:8080/x")]
    [InlineData("ssh://git:secret@host/org/repo.git", "ssh://git@host/org/repo.git")]
    [InlineData("ssh://git@host/org/repo.git", "ssh://git@host/org/repo.git")]
    [InlineData("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    [InlineData("https://github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("/srv/git/repo.git", "/srv/git/repo.git")]
    public void Credentials_are_stripped_from_remote_urls(string url, string expected)
    {
        Assert.Equal(expected, RemoteUrls.WithoutCredentials(url));
    }

    private string CommitOneFile()
    {
        Git("init", "--quiet");
        File.WriteAllText(Path.Combine(directory, "train.py"), "print('hello')\n");
        Git("add", "train.py");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first");
        return Git("rev-parse", "HEAD");
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {errors}");
        return output.Trim();
    }
}
