using Caliban.Core.Net;
using System.Diagnostics;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

namespace Caliban.Core.Tests.Vertex;

public sealed class VertexRetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Get_is_retried_through_unavailable_throttled_and_dropped_answers()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = await vertex.CreateAsync("retried");
        vertex.Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.Get);
        vertex.Emulator.EnqueueFault(VertexFaultKind.Throttle, VertexOperation.Get);
        vertex.Emulator.EnqueueFault(VertexFaultKind.Drop, VertexOperation.Get);
        var before = vertex.Emulator.Requests;

        var read = await vertex.Client.GetAsync(job.Name!, None);

        Assert.Equal(job.Name, read.Name);
        Assert.Equal(4, vertex.Emulator.Requests - before);
    }

    [Fact]
    public async Task List_pages_and_cancel_are_retried_too()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = Timeout.InfiniteTimeSpan },
            new VertexClientOptions { PageSize = 2, Retry = VertexHarness.FastRetries });
        for (var i = 0; i < 5; i++)
            await vertex.CreateAsync($"j{i}");
        vertex.Emulator.EnqueueFault(VertexFaultKind.Drop, VertexOperation.List);
        vertex.Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.List);
        vertex.Emulator.EnqueueFault(VertexFaultKind.Throttle, VertexOperation.Cancel);

        Assert.Equal(5, (await vertex.ListAsync(null)).Count);
        await vertex.Client.CancelAsync(vertex.Emulator.Jobs[0]["name"]!.GetValue<string>(), None);
        Assert.Equal(VertexJobStates.Cancelling, (string?)vertex.Emulator.Jobs[0]["state"]);
    }

    [Fact]
    public async Task Retries_stop_after_the_last_attempt_with_a_transient_error()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = await vertex.CreateAsync("unlucky");
        for (var i = 0; i < VertexHarness.FastRetries.MaxAttempts; i++)
            vertex.Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.Get);
        vertex.Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.Get);   // one more that must never be asked for
        var before = vertex.Emulator.Requests;

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.Client.GetAsync(job.Name!, None));

        Assert.Equal((503, "UNAVAILABLE", true), (error.HttpStatus, error.Status, error.IsTransient));
        Assert.Equal(VertexHarness.FastRetries.MaxAttempts, vertex.Emulator.Requests - before);
    }

    [Fact]
    public async Task Create_is_sent_once_and_a_failure_before_storing_leaves_no_job()
    {
        await using var vertex = await VertexHarness.StartAsync();
        vertex.Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.Create);

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.CreateAsync("once"));

        Assert.True(error.IsTransient);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(1, vertex.Emulator.CreateRequests);
        Assert.Equal(0, vertex.Emulator.CreatedJobs);
    }

    [Fact]
    public async Task A_create_dropped_after_storing_is_transient_and_the_job_can_be_found_by_its_label()
    {
        await using var vertex = await VertexHarness.StartAsync();
        vertex.Emulator.EnqueueFault(VertexFaultKind.Drop, VertexOperation.Create, afterCommit: true);
        var labels = new Dictionary<string, string> { ["caliban_submission"] = "abc123" };

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.CreateAsync("dropped", labels: labels));

        Assert.True(error.IsTransient);
        Assert.Null(error.HttpStatus);
        Assert.Equal(1, vertex.Emulator.CreateRequests);
        Assert.Equal("dropped", (await vertex.ListAsync("labels.caliban_submission=\"abc123\"")).Single().DisplayName);
    }

    [Fact]
    public async Task A_create_that_times_out_is_transient_and_the_job_may_still_appear()
    {
        await using var vertex = await VertexHarness.StartAsync(clientOptions: new VertexClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            Retry = VertexHarness.FastRetries,
        });
        vertex.Emulator.EnqueueFault(new VertexFault(VertexFaultKind.Slow) { Operation = VertexOperation.Create, Delay = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.CreateAsync("slow"));

        Assert.True(error.IsTransient);
        Assert.Equal("DEADLINE_EXCEEDED", error.Status);
        Assert.Contains("0.3 s", error.Message);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (vertex.Emulator.CreatedJobs == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(1, vertex.Emulator.CreatedJobs);
    }

    [Fact]
    public async Task A_rejected_create_is_not_transient()
    {
        await using var vertex = await VertexHarness.StartAsync();

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.CreateAsync(new string('x', 129)));

        Assert.False(error.IsTransient);
        Assert.Equal(400, error.HttpStatus);
        Assert.Contains("custom_job.display_name", error.Message);
    }

    [Fact]
    public async Task Retry_after_from_the_service_is_honoured()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = await vertex.CreateAsync("patient");
        vertex.Emulator.EnqueueFault(new VertexFault(VertexFaultKind.Throttle) { Operation = VertexOperation.Get, RetryAfter = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        await vertex.Client.GetAsync(job.Name!, None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Cancelling_the_caller_stops_retries_at_once()
    {
        await using var vertex = await VertexHarness.StartAsync(clientOptions: new VertexClientOptions
        {
            Retry = new RetryPolicy { MaxAttempts = 10, BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(5) },
        });
        var job = await vertex.CreateAsync("stop");
        vertex.Emulator.EnqueueFault(new VertexFault(VertexFaultKind.Throttle) { Operation = VertexOperation.Get, RetryAfter = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => vertex.Client.GetAsync(job.Name!, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_full_jitter_and_is_capped()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(1000), MaxServerDelay = TimeSpan.FromSeconds(3) };

        var third = Enumerable.Range(0, 500).Select(_ => policy.DelayAfter(3)).ToList();
        var tenth = Enumerable.Range(0, 500).Select(_ => policy.DelayAfter(10)).ToList();

        Assert.All(third, delay => Assert.InRange(delay.TotalMilliseconds, 0, 400));
        Assert.True(third.Max().TotalMilliseconds > 300 && third.Min().TotalMilliseconds < 100, "delays spread over the whole window");
        Assert.All(tenth, delay => Assert.InRange(delay.TotalMilliseconds, 0, 1000));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayAfter(1, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(1, TimeSpan.FromSeconds(2)));
    }
}
