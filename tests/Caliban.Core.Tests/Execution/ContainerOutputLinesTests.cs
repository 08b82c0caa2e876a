using System.Text;
using Caliban.Core.Engine;
using Docker.DotNet;

namespace Caliban.Core.Tests.Execution;

public sealed class ContainerOutputLinesTests
{
    private const MultiplexedStream.TargetStream Out = MultiplexedStream.TargetStream.StandardOut;
    private const MultiplexedStream.TargetStream Err = MultiplexedStream.TargetStream.StandardError;

    [Fact]
    public void Lines_split_across_frames_and_inside_a_character_come_out_whole()
    {
        var lines = new ContainerOutputLines();
        var bytes = Encoding.UTF8.GetBytes("grüße\nzwei");
        var cut = Array.IndexOf(bytes, (byte)0xC3) + 1; // inside the two bytes of 'ü'

        Assert.Empty(lines.Append(Out, bytes.AsSpan(0, cut)));
        Assert.Equal(["grüße"], lines.Append(Out, bytes.AsSpan(cut)));
        Assert.Equal(["zwei"], lines.Flush());
    }

    [Fact]
    public void Stdout_and_stderr_keep_their_own_unfinished_lines()
    {
        var lines = new ContainerOutputLines();

        Assert.Empty(lines.Append(Out, "out-"u8));
        Assert.Equal(["err line"], lines.Append(Err, "err line\nerr-"u8));
        Assert.Equal(["out-done"], lines.Append(Out, "done\n"u8));
        Assert.Equal(["err-"], lines.Flush());
    }

    [Fact]
    public void Blank_lines_stay_and_carriage_returns_keep_what_a_terminal_shows()
    {
        var lines = new ContainerOutputLines();

        Assert.Equal(["", "windows", "100%", "  indented  "], lines.Append(Out, "\nwindows\r\n 10%\r 50%\r100%\n  indented  \n"u8));
        Assert.Empty(lines.Flush());
    }
}
