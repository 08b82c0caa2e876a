using System.Net.Http;
using System.Text.RegularExpressions;
using Caliban.Cli.Tests.Infrastructure;

namespace Caliban.Cli.Tests;

/// <summary>`caliban shell` through a pseudo-terminal and `caliban notebook` answering HTTP, on a plain repo, the real engine.</summary>
[Collection("cli")]
public sealed class InteractiveTests(ToolFeed feed)
{
    [Fact]
    public void Shell_runs_in_the_projects_image_with_the_repo_mounted_and_returns_the_shells_exit_code()
    {
        using var repo = new CliRepo(feed);
        using var shell = repo.StartInTerminal(["shell", "--nogpu", "--bare"]);
        Assert.True(shell.WaitForOutput("/usr/app", TimeSpan.FromMinutes(4)), shell.Output);

        shell.Type("echo made-in-shell > from-shell.txt; echo answer-$((40+2)); exit 7\r");
        var result = shell.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.Contains("answer-42", result.Output);
        Assert.Equal(7, result.ExitCode);
        // The repo is mounted, not copied: what the shell wrote is in the repo at once.
        Assert.Equal("made-in-shell", File.ReadAllText(Path.Combine(repo.Directory, "from-shell.txt")).Trim());
        Assert.Contains($"{repo.ImageName}:shell-", result.Output);
    }

    [Fact]
    public async Task Notebook_answers_http_with_its_token_and_ctrl_c_removes_it()
    {
        using var repo = new CliRepo(feed);
        var port = 18888 + Random.Shared.Next(0, 1000);
        using var notebook = repo.Start(["notebook", "--nogpu", "--bare", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>
            {
                // pip cannot reach PyPI here: Debian's Jupyter instead.
                ["CalibanNotebookInstall"] = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends jupyter-notebook && apt-get clean && rm -rf /var/lib/apt/lists/*",
            });
        Assert.True(notebook.WaitForOutput("Jupyter is running at", TimeSpan.FromMinutes(8)), notebook.Output);
        var url = Regex.Match(notebook.Output, @"Jupyter is running at (\S+)").Groups[1].Value;
        Assert.StartsWith($"http://127.0.0.1:{port}/", url);
        Assert.Contains("token=", url);

        using (var http = new HttpClient())
        {
            var response = await http.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode} from {url}");
        }

        notebook.Interrupt();
        var result = notebook.WaitForExit(TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode is 0 or 130, result.ToString());
        var left = DockerCli.Run("ps", "-a", "--filter", $"publish={port}", "--format", "{{.ID}}");
        Assert.Equal("", left.Output.Trim());
    }
}
