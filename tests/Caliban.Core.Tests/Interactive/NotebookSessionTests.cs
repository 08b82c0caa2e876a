using System.Net;
using System.Net.Sockets;
using Caliban.Core.Diagnostics;
using Caliban.Core.Interactive;
using Docker.DotNet;

namespace Caliban.Core.Tests.Interactive;

/// <summary>`caliban notebook` against the real engine, with Jupyter from Debian's packages.</summary>
[Collection(InteractiveCollection.Name)]
public sealed class NotebookSessionTests(InteractiveFixture fixture)
{
    [Fact]
    public async Task Jupyter_answers_on_a_free_loopback_port_after_a_taken_8888_and_cancelling_removes_it()
    {
        var image = await fixture.NotebookImageAsync();
        // Hold 8888 (unless something else already does): the search must pass it by.
        using var holder = TryListen(NotebookOptions.FirstPort);
        Assert.False(NotebookPorts.IsFree(NotebookOptions.FirstPort));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var output = new StringWriter();
        NotebookAddress? address = null;
        HttpStatusCode? answer = null;
        string? hostAddress = null;

        var exitCode = await NotebookSession.RunAsync(fixture.Engine, Options(image.Tag), TextWriter.Synchronized(output), NullCalibanLog.Instance, stop.Token,
            ready: found =>
            {
                address = found;
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                answer = http.GetAsync(found.Url).GetAwaiter().GetResult().StatusCode;
                using var client = new DockerClientBuilder().WithEndpoint(fixture.Engine.Endpoint.Uri).Build();
                var container = fixture.ContainersAsync("notebook").GetAwaiter().GetResult().Single();
                var inspected = client.Containers.InspectContainerAsync(container.ID).GetAwaiter().GetResult();
                hostAddress = inspected.HostConfig!.PortBindings[$"{found.Port}/tcp"].Single().HostIP;
                stop.Cancel();
            });

        Assert.Equal(0, exitCode);
        Assert.NotNull(address);
        Assert.NotEqual(NotebookOptions.FirstPort, address.Port);
        Assert.InRange(address.Port, NotebookOptions.FirstPort + 1, NotebookOptions.FirstPort + NotebookPorts.SearchLength - 1);
        Assert.Equal($"http://127.0.0.1:{address.Port}/?token={address.Token}", address.Url.ToString());
        Assert.Matches("^[0-9a-f]{32,}$", address.Token);
        Assert.Contains(answer, new HttpStatusCode?[] { HttpStatusCode.OK, HttpStatusCode.Found });
        Assert.Equal("127.0.0.1", hostAddress);
        Assert.Contains($"Jupyter is running at {address.Url}", output.ToString());
        Assert.Empty(await fixture.ContainersAsync("notebook"));
    }

    [Fact]
    public async Task A_given_port_that_is_taken_is_refused_before_any_container_starts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<CalibanException>(() => NotebookSession.RunAsync(
            fixture.Engine, Options(fixture.ShellImage.Tag) with { Port = port }, TextWriter.Null, NullCalibanLog.Instance, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotebookPortTaken, error.Code);
        Assert.Contains($"Port {port}", error.Message);
        Assert.Contains("--port", error.Message);
        Assert.Empty(await fixture.ContainersAsync("notebook"));
    }

    [Fact]
    public async Task An_image_without_Jupyter_fails_with_its_last_lines_and_leaves_nothing()
    {
        var error = await Assert.ThrowsAsync<CalibanException>(() => NotebookSession.RunAsync(
            fixture.Engine, Options(fixture.ShellImage.Tag), TextWriter.Null, NullCalibanLog.Instance, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotebookExited, error.Code);
        Assert.Contains("CalibanNotebookInstall", error.Message);
        // The init process's own complaint, among Jupyter's last lines.
        Assert.Contains("exec jupyter failed", error.Message);
        Assert.Empty(await fixture.ContainersAsync("notebook"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public async Task A_port_out_of_range_is_refused(int port)
    {
        var error = await Assert.ThrowsAsync<CalibanException>(() => NotebookSession.RunAsync(
            fixture.Engine, Options(fixture.ShellImage.Tag) with { Port = port }, TextWriter.Null, NullCalibanLog.Instance, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotebookPortInvalid, error.Code);
    }

    private NotebookOptions Options(string image) => new()
    {
        Image = image,
        ProjectDirectory = fixture.ProjectDirectory,
        UserId = InteractiveFixture.UserId,
        GroupId = InteractiveFixture.GroupId,
        UserName = InteractiveFixture.UserName,
        Bare = true,
        Gpu = Caliban.Core.Execution.GpuMode.Off,
        Credentials = Caliban.Core.Execution.LocalCredentials.None,
        Labels = fixture.Labels,
        StartTimeout = TimeSpan.FromMinutes(2),
    };

    private static TcpListener? TryListen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }
}
