using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Tests.Engine;

/// <summary>Connection failures, against endpoints that are not (or not really) Docker engines.</summary>
public sealed class EngineConnectionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5.5);

    [Fact]
    public async Task A_socket_path_that_does_not_exist_fails_fast_naming_the_endpoint_and_the_fix()
    {
        var endpoint = new DockerEndpoint(new Uri($"unix:///tmp/caliban-no-engine-{Guid.NewGuid():N}/docker.sock"), "DOCKER_HOST");

        var error = await ConnectFailsWithinLimit(endpoint);

        Assert.Contains(endpoint.Uri.ToString(), error.Message);
        Assert.Contains("from DOCKER_HOST", error.Message);
        Assert.Contains("there is no socket at", error.Message);
        Assert.Contains("sudo systemctl start docker", error.Message);
        Assert.Contains("sudo dockerd > /tmp/dockerd.log 2>&1 &", error.Message);
        Assert.Contains("Docker Desktop", error.Message);
    }

    [Fact]
    public async Task A_closed_tcp_port_fails_fast_with_connection_refused()
    {
        var endpoint = new DockerEndpoint(LoopbackDaemon.ClosedPort(), "docker context 'remote'");

        var error = await ConnectFailsWithinLimit(endpoint);

        Assert.Contains("connection refused", error.Message);
        Assert.Contains("docker context 'remote'", error.Message);
    }

    [Fact]
    public async Task A_listener_that_never_answers_fails_after_the_default_five_seconds()
    {
        await using var silent = new LoopbackDaemon((_, _) => Task.Delay(Timeout.Infinite));
        var endpoint = new DockerEndpoint(silent.Uri, "DOCKER_HOST");

        var clock = Stopwatch.StartNew();
        var error = await ConnectFailsWithinLimit(endpoint);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4.9), $"gave up after {clock.Elapsed} instead of waiting 5 s");
        Assert.Contains("no answer within 5 s", error.Message);
    }

    [Fact]
    public async Task Something_that_is_not_an_engine_is_reported_with_its_answer()
    {
        await using var web = new LoopbackDaemon((_, stream) => LoopbackDaemon.WriteResponseAsync(stream, 404, "text/plain", "page not found"));

        var error = await ConnectFailsWithinLimit(new DockerEndpoint(web.Uri, "DOCKER_HOST"));

        Assert.Contains("HTTP 404", error.Message);
    }

    [Fact]
    public async Task An_address_the_client_cannot_speak_is_reported_as_unsupported()
    {
        var endpoint = new DockerEndpoint(new Uri("ssh://me@build-host"), "docker context 'remote'");

        var error = await Assert.ThrowsAsync<CalibanException>(() => ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, endpoint));

        Assert.Equal(ErrorCodes.DockerHostUnsupported, error.Code);
        Assert.Contains("docker context 'remote'", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_connect_throws_OperationCanceledException()
    {
        await using var silent = new LoopbackDaemon((_, _) => Task.Delay(Timeout.Infinite));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ContainerEngine.ConnectAsync(NullCalibanLog.Instance, cancel.Token, new DockerEndpoint(silent.Uri, "test")));
    }

    [Fact]
    public async Task A_server_error_on_inspect_is_an_engine_request_failure_naming_the_endpoint()
    {
        await using var daemon = LoopbackDaemon.AnsweringPingThen(500, "layer store is broken");
        using var engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, new DockerEndpoint(daemon.Uri, "DOCKER_HOST"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => engine.InspectImageAsync("some/image:1", CancellationToken.None));

        Assert.Equal(ErrorCodes.EngineRequestFailed, error.Code);
        Assert.Contains(daemon.Uri.ToString(), error.Message);
        Assert.Contains("layer store is broken", error.Message);
        Assert.Contains("inspecting image 'some/image:1'", error.Message);
    }

    [Fact]
    public async Task A_connection_dropped_during_a_build_is_an_engine_request_failure()
    {
        await using var daemon = new LoopbackDaemon(async (request, stream) =>
        {
            if (request.Contains("/_ping", StringComparison.Ordinal))
            {
                await LoopbackDaemon.WriteResponseAsync(stream, 200, "text/plain", "OK");
                return;
            }

            // Start a chunked build stream, send one message, then hang up mid-chunk (FIN, not RST, so the message arrives).
            const string message = """{"stream":"Step 1/2 : FROM base\n"}""";
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{Encoding.UTF8.GetByteCount(message) + 200:x}\r\n{message}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
            await stream.FlushAsync();
            stream.Socket.Shutdown(SocketShutdown.Send);
        });
        using var engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, new DockerEndpoint(daemon.Uri, "DOCKER_HOST"));
        var observer = new RecordingBuildObserver();

        var error = await Assert.ThrowsAsync<CalibanException>(() =>
            engine.BuildImageAsync(TarContext.Of(("Dockerfile", "FROM base\nRUN true\n")), new ImageBuildRequest(), observer, CancellationToken.None));

        Assert.Equal(ErrorCodes.EngineRequestFailed, error.Code);
        Assert.Contains(daemon.Uri.ToString(), error.Message);
        Assert.Equal([(1, 2, "FROM base")], observer.Steps);
    }

    [Theory]
    [InlineData(404, "sha256:built", "no such image exists")]
    [InlineData(200, "sha256:other", "instead of the built sha256:built")]
    public async Task A_build_that_ends_without_its_image_is_CAL2004(int inspectStatus, string taggedId, string explanation)
    {
        await using var daemon = new LoopbackDaemon((request, stream) => request switch
        {
            _ when request.Contains("/_ping", StringComparison.Ordinal) => LoopbackDaemon.WriteResponseAsync(stream, 200, "text/plain", "OK"),
            _ when request.StartsWith("POST", StringComparison.Ordinal) => LoopbackDaemon.WriteResponseAsync(stream, 200, "application/json",
                """{"stream":"Step 1/1 : FROM base\n"}{"aux":{"ID":"sha256:built"}}{"stream":"Successfully built built\n"}"""),
            _ when inspectStatus == 404 => LoopbackDaemon.WriteResponseAsync(stream, 404, "application/json", """{"message":"No such image"}"""),
            _ => LoopbackDaemon.WriteResponseAsync(stream, 200, "application/json", $$"""{"Id":"{{taggedId}}","RepoTags":["demo:1"]}"""),
        });
        using var engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, new DockerEndpoint(daemon.Uri, "DOCKER_HOST"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => engine.BuildImageAsync(
            TarContext.Of(("Dockerfile", "FROM base\n")), new ImageBuildRequest { Tags = ["demo:1"] }, new RecordingBuildObserver(), CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageBuildNoImage, error.Code);
        Assert.Contains(explanation, error.Message);
    }

    private static async Task<CalibanException> ConnectFailsWithinLimit(DockerEndpoint endpoint)
    {
        // Timed on the thread pool: xunit's own scheduler may resume a test late when synchronous tests keep its threads busy.
        var (error, elapsed) = await Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            var thrown = await Assert.ThrowsAsync<CalibanException>(() => ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None, endpoint));
            return (thrown, clock.Elapsed);
        });
        Assert.True(elapsed <= Limit, $"took {elapsed}");
        Assert.Equal(ErrorCodes.EngineUnreachable, error.Code);
        return error;
    }
}
