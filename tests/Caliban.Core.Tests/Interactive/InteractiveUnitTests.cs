using System.Net;
using System.Net.Sockets;
using Caliban.Core.Diagnostics;
using Caliban.Core.Images;
using Caliban.Core.Interactive;

namespace Caliban.Core.Tests.Interactive;

/// <summary>The engine-free parts of shell and notebook: shell choice, Jupyter's address, its command, ports, the Jupyter layer.</summary>
public sealed class InteractiveUnitTests
{
    [Theory]
    [InlineData("/usr/bin/zsh", false, InteractiveShell.Zsh)]
    [InlineData("/usr/bin/zsh", true, InteractiveShell.Bash)]
    [InlineData("/bin/bash", false, InteractiveShell.Bash)]
    [InlineData(null, false, InteractiveShell.Bash)]
    public void The_default_shell_follows_Caliban(string? shell, bool bare, InteractiveShell expected) =>
        Assert.Equal(expected, InteractiveShells.Default(shell, bare));

    [Fact]
    public void Shells_parse_and_an_unknown_one_is_named()
    {
        Assert.Equal(InteractiveShell.Zsh, InteractiveShells.Parse(" ZSH "));
        Assert.Equal("/bin/bash", InteractiveShells.Parse("bash").Program());
        Assert.Equal("zsh", InteractiveShell.Zsh.AptPackage());
        Assert.Null(InteractiveShell.Bash.AptPackage());

        var error = Assert.Throws<CalibanException>(() => InteractiveShells.Parse("fish"));
        Assert.Equal(ErrorCodes.InteractiveShellUnknown, error.Code);
        Assert.Contains("\"fish\"", error.Message);
    }

    [Theory]
    [InlineData("[I 10:00:00.000 NotebookApp]  or http://127.0.0.1:8890/?token=0123abcd", 8890, "http://127.0.0.1:8890/?token=0123abcd")]
    [InlineData("     http://5f2c1a2b3c4d:8890/?token=0123abcd", 8890, "http://127.0.0.1:8890/?token=0123abcd")]
    [InlineData("[I 2024-05-01 ServerApp] http://localhost:9000/lab?token=feed42", 9000, "http://127.0.0.1:9000/lab?token=feed42")]
    [InlineData("http://127.0.0.1:8890/tree?token=abc", 8890, "http://127.0.0.1:8890/tree?token=abc")]
    public void Jupyter_addresses_are_found_and_pointed_at_the_loopback_port(string line, int port, string expected)
    {
        var address = JupyterAddress.TryParse(line, port);

        Assert.NotNull(address);
        Assert.Equal(expected, address.Url.ToString());
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8890/?token=abc", 8888)]
    [InlineData("[I NotebookApp] Serving notebooks from local directory: /usr/app", 8888)]
    [InlineData("http://127.0.0.1:8888/", 8888)]
    public void Lines_without_this_servers_token_are_not_addresses(string line, int port) =>
        Assert.Null(JupyterAddress.TryParse(line, port));

    [Fact]
    public void The_Jupyter_command_is_Calibans_with_lab_and_root_as_needed()
    {
        var options = new NotebookOptions { Image = "x", ProjectDirectory = "/tmp", UserId = 1000 };

        Assert.Equal(["jupyter", "notebook", "--ip=0.0.0.0", "--port=8890", "--no-browser"], NotebookSession.JupyterCommand(options, 8890));
        Assert.Equal(["jupyter", "lab", "--ip=0.0.0.0", "--port=8890", "--no-browser", "--allow-root"],
            NotebookSession.JupyterCommand(options with { Lab = true, UserId = 0 }, 8890));
    }

    [Fact]
    public void The_port_search_passes_a_taken_port_by()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        Assert.False(NotebookPorts.IsFree(taken));
        var found = NotebookPorts.FirstFree(taken);
        Assert.True(found > taken);
        Assert.True(NotebookPorts.IsFree(found));
    }

    [Fact]
    public void The_Jupyter_layer_comes_after_the_dependencies_and_must_be_one_line()
    {
        using var project = new TempProject();
        project.Write("requirements.txt", "");
        var spec = new DockerfileSpec
        {
            BaseImage = "python:3.12",
            UserId = 1000,
            GroupId = 1000,
            ProjectDirectory = project.Root,
            Dependencies = DependencyFiles.Detect(project.Root),
            JupyterInstall = " pip install jupyterlab notebook ",
        };

        var text = DockerfileGenerator.Generate(spec).Text;
        var install = text.IndexOf("RUN pip install jupyterlab notebook\n", StringComparison.Ordinal);
        Assert.True(install > text.IndexOf("RUN pip install -r requirements.txt", StringComparison.Ordinal));
        Assert.True(install < text.IndexOf("USER 1000:1000", StringComparison.Ordinal));
        Assert.DoesNotContain("jupyter", DockerfileGenerator.Generate(spec with { JupyterInstall = null }).Text);

        var error = Assert.Throws<CalibanException>(() => DockerfileGenerator.Generate(spec with { JupyterInstall = "pip install a\nRUN rm -rf /" }));
        Assert.Equal(ErrorCodes.JupyterInstallInvalid, error.Code);
        Assert.Contains("CalibanNotebookInstall", error.Message);
    }
}
