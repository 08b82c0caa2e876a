using System.Diagnostics;
using Caliban.Core.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

/// <summary>Runs the Indexed Job's wrapper with the real /bin/sh, as a pod would, and checks what the entry point receives.</summary>
public sealed class IndexedJobArgumentsTests
{
    private static readonly string[][] Jobs =
    [
        ["--lr", "0.1"],
        ["--note", "it's \"quoted\" and spaced", "--empty", ""],
        ["--multi", "line one\nline two", "--dollar", "$HOME $(pwd) `id` \\n"],
        [],
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Each_index_gets_exactly_its_own_arguments_after_the_entry_point(int index)
    {
        var output = RunWrapper(index.ToString(), out var exitCode);
        Assert.Equal(0, exitCode);
        Assert.Equal(["ENTRY", .. Jobs[index]], output);
    }

    [Fact]
    public void An_index_without_arguments_fails_loudly()
    {
        RunWrapper("9", out var exitCode);
        Assert.Equal(64, exitCode);
    }

    private static string[] RunWrapper(string index, out int exitCode)
    {
        // The entry point prints each argument NUL-terminated, so newlines inside arguments survive the check.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in new[] { "-c", KubeUnescape(IndexedJobArguments.Wrapper), IndexedJobArguments.ScriptName, "printf", "%s\\0", "ENTRY" })
            start.ArgumentList.Add(word);
        start.Environment["JOB_COMPLETION_INDEX"] = index;
        start.Environment[IndexedJobArguments.NewlineVariable] = "\n";
        start.Environment[IndexedJobArguments.ArgumentsVariable] = KubeUnescape(IndexedJobArguments.Escape(IndexedJobArguments.Lines(Jobs)));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        exitCode = process.ExitCode;
        return output.Split('\0')[..^1];
    }

    // What the kubelet does to command, args and env values: $$ becomes $ ($(NAME) would be expanded; there are none).
    private static string KubeUnescape(string text) => text.Replace("$$", "$");
}
