using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Interactive;

namespace Caliban.Core.Tests.Interactive;

/// <summary>`caliban shell` against the real engine: through a pseudo-terminal as a person types, and through plain streams.</summary>
[Collection(InteractiveCollection.Name)]
public sealed class ShellSessionTests(InteractiveFixture fixture)
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Typed_commands_run_in_a_terminal_of_the_same_size_and_the_shell_exit_code_comes_back()
    {
        using var pty = new PseudoTerminal(new TerminalSize(33, 111));
        using var terminal = InteractiveTerminal.FromFileDescriptors(pty.Secondary, pty.Secondary);
        var settingsBefore = TerminalNative.GetAttributes(pty.Secondary);
        using var timeout = new CancellationTokenSource(SessionTimeout);

        var session = ShellSession.RunAsync(fixture.Engine, fixture.Shell(), terminal, NullCalibanLog.Instance, timeout.Token);
        var prompt = await pty.WaitForAsync("$ ");
        // Raw while attached: the host terminal neither echoes nor edits lines; the container's terminal does.
        Assert.NotEqual(settingsBefore, TerminalNative.GetAttributes(pty.Secondary));

        pty.Type("echo hello-$((6*7))\r");
        var after = await pty.WaitForAsync("hello-42", prompt);
        pty.Type("stty size; tty\r");
        after = await pty.WaitForAsync("33 111", after);
        await pty.WaitForAsync("/dev/pts/", after);

        pty.Resize(new TerminalSize(40, 120));
        terminal.NotifyResized();
        await Task.Delay(500);
        pty.Type("stty size\r");
        await pty.WaitForAsync("40 120", after);

        pty.Type("exit 3\r");
        var exitCode = await session;

        Assert.Equal(3, exitCode);
        Assert.Equal(settingsBefore, TerminalNative.GetAttributes(pty.Secondary));
        Assert.Empty(await fixture.ContainersAsync("shell"));
    }

    [Fact]
    public async Task The_repo_is_mounted_live_as_the_host_user_and_the_image_is_not_rebuilt_for_code_edits()
    {
        var note = Path.Combine(fixture.ProjectDirectory, $"note-{Guid.NewGuid():N}.txt");
        File.WriteAllText(note, "edited-on-the-host\n");
        var rebuilt = await InteractiveImage.BuildAsync(fixture.Request(InteractiveImageKind.Shell), NullCalibanLog.Instance, CancellationToken.None);
        var back = $"back-{Guid.NewGuid():N}.txt";

        var (exitCode, output) = await RunScriptAsync(fixture.Shell(),
            $"pwd\nid -u\nid -g\ncat {Path.GetFileName(note)}\necho written-in-the-shell > {back}\nls /usr/app/trainer\n");

        Assert.False(rebuilt.Rebuilt);
        Assert.Equal(fixture.ShellImage.ImageId, rebuilt.ImageId);
        Assert.Equal(0, exitCode);
        Assert.Equal(["/usr/app", "4321", "4321", "edited-on-the-host", "train.py"], Lines(output));
        Assert.Equal("written-in-the-shell\n", File.ReadAllText(Path.Combine(fixture.ProjectDirectory, back)));
        Assert.Empty(await fixture.ContainersAsync("shell"));
    }

    [Fact]
    public async Task Home_is_mounted_at_the_image_users_home_unless_bare()
    {
        var home = Directory.CreateTempSubdirectory("caliban-home-").FullName;
        InteractiveFixture.OpenToAll(home);
        File.WriteAllText(Path.Combine(home, "marker"), "mine\n");
        const string script = "echo $HOME\ntest -e $HOME/marker && echo home-mounted || echo home-absent\n";
        try
        {
            var (_, withHome) = await RunScriptAsync(fixture.Shell() with { Bare = false, HomeDirectory = home }, script);
            var (_, bare) = await RunScriptAsync(fixture.Shell() with { Bare = true, HomeDirectory = home }, script);

            Assert.Equal(["/home/researcher", "home-mounted"], Lines(withHome));
            Assert.Equal(["/home/researcher", "home-absent"], Lines(bare));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task The_shell_image_has_the_dependencies_but_not_the_code()
    {
        var (_, output) = await RunScriptAsync(fixture.Shell() with { Image = fixture.ShellImage.ImageId },
            "whoami\necho '{\"a\": 42}' | jq .a\n");
        var dockerfile = File.ReadAllText(Path.Combine(fixture.ProjectDirectory, "obj", "caliban", "shell", "Dockerfile"));

        Assert.Equal(["researcher", "42"], Lines(output));
        Assert.Contains("COPY requirements.txt /usr/app/requirements.txt", dockerfile);
        Assert.DoesNotContain("ENTRYPOINT", dockerfile);
        Assert.DoesNotContain("trainer", dockerfile);
        Assert.StartsWith($"{fixture.ImageName}:shell-", fixture.ShellImage.Tag);
        var image = await fixture.Engine.InspectImageAsync($"{fixture.ImageName}:shell-latest", CancellationToken.None);
        Assert.Equal(fixture.ShellImage.ImageId, image!.Id);
        Assert.Equal("shell", image.Labels[InteractiveLabels.Kind]);
    }

    [Fact]
    public async Task Without_a_terminal_stderr_stays_apart_and_zsh_is_installed_when_chosen()
    {
        var zsh = await InteractiveImage.BuildAsync(
            fixture.Request(InteractiveImageKind.Shell) with { Shell = InteractiveShell.Zsh }, NullCalibanLog.Instance, CancellationToken.None);
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var script = "echo shell=${ZSH_VERSION:+zsh}\necho to-stderr >&2\nexit 5\n";
        using var terminal = InteractiveTerminal.FromStreams(new MemoryStream(Encoding.UTF8.GetBytes(script)), output, error);

        var exitCode = await ShellSession.RunAsync(fixture.Engine, fixture.Shell() with { Image = zsh.Tag, Shell = InteractiveShell.Zsh },
            terminal, NullCalibanLog.Instance, CancellationToken.None);

        Assert.Equal(5, exitCode);
        Assert.Equal("shell=zsh\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal("to-stderr\n", Encoding.UTF8.GetString(error.ToArray()));
        Assert.NotEqual(fixture.ShellImage.ImageId, zsh.ImageId);
        Assert.StartsWith($"{fixture.ImageName}:shell-zsh-", zsh.Tag);
        Assert.Contains("zsh", File.ReadAllText(Path.Combine(fixture.ProjectDirectory, "obj", "caliban", "shell-zsh", "Dockerfile")));
    }

    [Fact]
    public async Task Cancelling_a_running_shell_removes_its_container()
    {
        using var cancel = new CancellationTokenSource();
        var input = new BlockingInput("sleep 300\n");
        using var output = new MemoryStream();
        using var terminal = InteractiveTerminal.FromStreams(input, output);

        var session = ShellSession.RunAsync(fixture.Engine, fixture.Shell(), terminal, NullCalibanLog.Instance, cancel.Token);
        await WaitUntilAsync(async () => (await fixture.ContainersAsync("shell")).Any(c => c.State == "running"));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session);
        Assert.Empty(await fixture.ContainersAsync("shell"));
    }

    [Fact]
    public async Task A_missing_home_or_project_is_named_with_the_fix()
    {
        using var terminal = InteractiveTerminal.FromStreams(new MemoryStream(), new MemoryStream());
        var missing = Path.Combine(Path.GetTempPath(), $"caliban-missing-{Guid.NewGuid():N}");

        var home = await Assert.ThrowsAsync<CalibanException>(() => ShellSession.RunAsync(
            fixture.Engine, fixture.Shell() with { Bare = false, HomeDirectory = missing }, terminal, NullCalibanLog.Instance, CancellationToken.None));
        var project = await Assert.ThrowsAsync<CalibanException>(() => ShellSession.RunAsync(
            fixture.Engine, fixture.Shell() with { ProjectDirectory = missing }, terminal, NullCalibanLog.Instance, CancellationToken.None));

        Assert.Equal(ErrorCodes.InteractiveHomeMissing, home.Code);
        Assert.Contains("--bare", home.Message);
        Assert.Equal(ErrorCodes.InteractiveProjectMissing, project.Code);
        Assert.Contains(missing, project.Message);
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(ShellOptions options, string script)
    {
        using var output = new MemoryStream();
        using var terminal = InteractiveTerminal.FromStreams(new MemoryStream(Encoding.UTF8.GetBytes(script)), output);
        using var timeout = new CancellationTokenSource(SessionTimeout);
        var exitCode = await ShellSession.RunAsync(fixture.Engine, options, terminal, NullCalibanLog.Instance, timeout.Token);
        return (exitCode, Encoding.UTF8.GetString(output.ToArray()));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(100);
        }
    }

    /// <summary>Input that gives its text and then blocks until cancelled, as a person who stopped typing.</summary>
    private sealed class BlockingInput(string text) : Stream
    {
        private readonly byte[] bytes = Encoding.UTF8.GetBytes(text);
        private bool given;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!given)
            {
                given = true;
                bytes.CopyTo(buffer);
                return bytes.Length;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
