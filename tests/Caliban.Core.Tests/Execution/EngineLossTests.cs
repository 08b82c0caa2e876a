using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.Tests.Context;
using Caliban.Core.Tests.Engine;

namespace Caliban.Core.Tests.Execution;

/// <summary>An engine that dies while a job runs, played by a loopback fake: the run ends quickly and says what is known.</summary>
public sealed class EngineLossTests
{
    private const string ContainerId = "c0ffee0000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task A_job_whose_engine_dies_mid_run_is_Unknown_with_the_error_and_the_run_does_not_hang()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var daemon = new LoopbackDaemon((request, stream) => AnswerAsync(request, stream, started));
        using var engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, new DockerEndpoint(daemon.Uri, "DOCKER_HOST"));
        var job = new LocalJob(0, "doomed", ["train"]);
        var observer = new RecordingRunObserver();
        var log = new CapturingLog();
        var request = new LocalRunRequest
        {
            Image = "fake:1",
            Jobs = [job],
            Gpu = GpuMode.Off,
            LogDirectory = Path.Combine(Path.GetTempPath(), $"caliban-runner-logs-{Guid.NewGuid():N}"),
        };

        var clock = Stopwatch.StartNew();
        var result = Assert.Single(await LocalJobRunner.RunAsync(engine, request, observer, log, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(LocalJobOutcome.Unknown, result.Outcome);
        Assert.Null(result.ExitCode);
        Assert.Equal(ContainerId, result.ContainerId);
        Assert.StartsWith(ErrorCodes.EngineRequestFailed, result.Error);
        Assert.Contains(daemon.Uri.ToString(), result.Error);
        Assert.Equal(["hello", "partial"], observer.Lines(job));
        Assert.Equal("hello\npartial\n", await File.ReadAllTextAsync(result.LogPath!));
        var warning = Assert.Single(log.Warnings);
        Assert.Equal(ErrorCodes.ContainersLeftBehind, warning.Code);
        Assert.Contains($"label=build.caliban.run-id=", warning.Message);
    }

    // Answers like an engine until the job's output has been sent, then drops every request as a dying engine would.
    private static async Task AnswerAsync(string request, NetworkStream stream, TaskCompletionSource started)
    {
        if (request.Contains("/_ping", StringComparison.Ordinal))
        {
            await LoopbackDaemon.WriteResponseAsync(stream, 200, "text/plain", "OK");
        }
        else if (request.StartsWith("GET /images/", StringComparison.Ordinal))
        {
            await LoopbackDaemon.WriteResponseAsync(stream, 200, "application/json",
                """{"Id":"sha256:feed","RepoTags":["fake:1"],"RepoDigests":[],"Config":{"Labels":{}},"Created":"2024-01-01T00:00:00Z"}""");
        }
        else if (request.StartsWith("POST /containers/create", StringComparison.Ordinal))
        {
            await LoopbackDaemon.WriteResponseAsync(stream, 201, "application/json", $$"""{"Id":"{{ContainerId}}","Warnings":[]}""");
        }
        else if (request.StartsWith($"GET /containers/{ContainerId}/json", StringComparison.Ordinal))
        {
            await LoopbackDaemon.WriteResponseAsync(stream, 200, "application/json",
                $$$"""{"Id":"{{{ContainerId}}}","Config":{"Tty":false},"State":{"Status":"created"}}""");
        }
        else if (request.StartsWith($"POST /containers/{ContainerId}/attach", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
            await stream.FlushAsync();
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await stream.WriteAsync(Frame(1, "hello\n"));
            await stream.WriteAsync(Frame(1, "partial"));
            await stream.FlushAsync();
        }
        else if (request.StartsWith($"POST /containers/{ContainerId}/start", StringComparison.Ordinal))
        {
            await LoopbackDaemon.WriteResponseAsync(stream, 204, "text/plain", "");
            started.TrySetResult();
        }
        else
        {
            // Dead: reset the connection without a word.
            stream.Socket.LingerState = new LingerOption(true, 0);
            stream.Socket.Close();
        }
    }

    private static byte[] Frame(byte streamType, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = new byte[] { streamType, 0, 0, 0, 0, 0, 0, 0 };
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), payload.Length);
        return [.. header, .. payload];
    }
}
