using System.Text.Json;
using Caliban.Core.Registry;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Registry;

/// <summary>Reading the engine's push stream: layers, the aux digest, and errors that arrive without an exception.</summary>
public sealed class PushProgressMonitorTests
{
    private readonly List<string> lines = [];
    private readonly PushProgressMonitor monitor;

    public PushProgressMonitorTests() => monitor = new PushProgressMonitor(lines.Add);

    [Fact]
    public void Counts_layers_and_takes_the_digest_from_aux()
    {
        Report("""{"status":"The push refers to repository [127.0.0.1:5000/x/y]"}""");
        Report("""{"status":"Preparing","progressDetail":{},"id":"a1"}""");
        Report("""{"status":"Pushing","progressDetail":{"current":512,"total":1024},"progress":"[==>  ]","id":"a1"}""");
        Report("""{"status":"Pushed","progressDetail":{},"id":"a1"}""");
        Report("""{"status":"Layer already exists","progressDetail":{},"id":"b2"}""");
        Report("""{"status":"Mounted from x/z","progressDetail":{},"id":"c3"}""");
        Report("""{"status":"abc: digest: sha256:1111 size: 527"}""");
        Report("""{"progressDetail":{},"aux":{"Tag":"abc","Digest":"sha256:1111","Size":527}}""");

        Assert.Equal("sha256:1111", monitor.Digest);
        Assert.Equal(1, monitor.LayersUploaded);
        Assert.Equal(2, monitor.LayersPresent);
        Assert.Null(monitor.Error);
        Assert.DoesNotContain(lines, line => line.Contains("a1: Pushing", StringComparison.Ordinal));
        Assert.Contains("a1: Pushed", lines);
    }

    [Fact]
    public void The_first_error_in_the_stream_is_kept()
    {
        Report("""{"status":"Preparing","progressDetail":{},"id":"a1"}""");
        Report("""{"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized: authentication required"}""");
        Report("""{"errorDetail":{"message":"a later error"},"error":"a later error"}""");

        Assert.Equal("unauthorized: authentication required", monitor.Error);
        Assert.Null(monitor.Digest);
    }

    private void Report(string json) => monitor.Report(JsonSerializer.Deserialize<JSONMessage>(json)!);
}
