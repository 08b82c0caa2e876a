using System.Diagnostics;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Engine;

/// <summary>The engine client against the real local Docker engine and base image.</summary>
[Collection(EngineCollection.Name)]
public sealed class ContainerEngineTests(EngineFixture fixture)
{
    private ContainerEngine Engine => fixture.Engine;

    [Fact]
    public async Task Builds_a_tagged_labelled_image_and_counts_cached_steps_on_a_second_build()
    {
        var marker = Guid.NewGuid().ToString("N");
        var dockerfile = $"FROM {fixture.BaseImage}\nRUN echo built {marker}\nRUN echo second step\n";
        var request = Request("cached") with { Labels = WithTestLabels(("build.caliban.experiment", "demo")) };

        // The classic builder applies each label as one more LABEL step at the end.
        var steps = 3 + request.Labels.Count;

        var first = new RecordingBuildObserver();
        var built = await Engine.BuildImageAsync(TarContext.Of(("Dockerfile", dockerfile)), request, first, CancellationToken.None);

        Assert.Equal(steps, built.Steps);
        Assert.Equal(0, built.CachedSteps);
        Assert.Equal(Enumerable.Range(1, steps), first.Steps.Select(s => s.Number));
        Assert.All(first.Steps, s => Assert.Equal(steps, s.Total));
        Assert.Equal($"RUN echo built {marker}", first.Steps[1].Instruction);
        Assert.Contains($"built {marker}", first.Output);

        var image = await Engine.InspectImageAsync(request.Tags[0], CancellationToken.None);
        Assert.NotNull(image);
        Assert.Equal(built.ImageId, image.Id);
        Assert.Contains(request.Tags[0], image.RepoTags);
        Assert.Equal("demo", image.Labels["build.caliban.experiment"]);
        Assert.Equal("true", image.Labels[EngineFixture.TestLabel]);
        Assert.InRange(image.Created, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));

        var second = new RecordingBuildObserver();
        var rebuilt = await Engine.BuildImageAsync(TarContext.Of(("Dockerfile", dockerfile)), request, second, CancellationToken.None);

        Assert.Equal(built.ImageId, rebuilt.ImageId);
        Assert.Equal(steps, rebuilt.Steps);
        Assert.Equal(steps - 1, rebuilt.CachedSteps);
    }

    [Fact]
    public async Task Build_args_reach_the_build()
    {
        var dockerfile = $"FROM {fixture.BaseImage}\nARG GREETING\nRUN echo \"greeting=$GREETING\"\n";
        var request = Request("args") with { BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hello-args" }, NoCache = true };
        var observer = new RecordingBuildObserver();

        await Engine.BuildImageAsync(TarContext.Of(("Dockerfile", dockerfile)), request, observer, CancellationToken.None);

        Assert.Contains("greeting=hello-args", observer.Output);
    }

    [Fact]
    public async Task A_failing_RUN_step_is_CAL2001_with_the_step_and_its_output()
    {
        var dockerfile = $"FROM {fixture.BaseImage}\nRUN echo about to fail && echo details-on-stderr >&2 && exit 3\n";

        var error = await BuildFails(dockerfile, Request("fails"));

        Assert.Equal(ErrorCodes.ImageBuildStepFailed, error.Code);
        Assert.Matches(@"step 2/\d+ `RUN echo about to fail", error.Message);
        Assert.Contains("non-zero code: 3", error.Message);
        Assert.Contains("about to fail", error.Message);
        Assert.Contains("    details-on-stderr" + Environment.NewLine, error.Message);
        Assert.DoesNotContain("Removing intermediate container", error.Message);
        Assert.Contains("obj/caliban/Dockerfile", error.Message);
    }

    [Fact]
    public async Task A_failing_pip_requirements_step_is_CAL2003_naming_requirements_txt()
    {
        // One RUN step right after FROM, so the failed build leaves no intermediate layers behind; PEP 668 would
        // refuse any install on a Debian Python, so pip is allowed to get as far as reading the file.
        var dockerfile = $"FROM {fixture.BaseImage}\n" +
                         "RUN cd /tmp && echo 'this is not a requirement !!' > requirements.txt && pip install --break-system-packages --no-cache-dir -r requirements.txt\n";
        var context = TarContext.Of(("Dockerfile", dockerfile));

        var error = await BuildFails(context, Request("pip"));

        Assert.Equal(ErrorCodes.DependencyInstallFailed, error.Code);
        Assert.Equal("requirements.txt", error.File);
        Assert.Contains("requirements.txt", error.Message);
        Assert.Matches(@"step 2/\d+ `RUN cd /tmp", error.Message);
        Assert.Contains("Invalid requirement", error.Message);
        Assert.Contains("Fix requirements.txt", error.Message);
    }

    [Fact]
    public async Task An_unknown_base_image_is_CAL2002_quickly()
    {
        var clock = Stopwatch.StartNew();

        var error = await BuildFails("FROM no-such-registry.invalid/nope:1\nRUN true\n", Request("nobase"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(ErrorCodes.BaseImageUnavailable, error.Code);
        Assert.Contains("'no-such-registry.invalid/nope:1'", error.Message);
        Assert.Contains("CalibanBaseImage", error.Message);
    }

    [Fact]
    public async Task A_Dockerfile_syntax_error_is_CAL2005_with_the_engines_message()
    {
        var error = await BuildFails($"FROM {fixture.BaseImage}\nRUNN echo typo\n", Request("syntax"));

        Assert.Equal(ErrorCodes.ImageBuildRejected, error.Code);
        Assert.Contains("RUNN", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("obj/caliban/Dockerfile", error.Message);
    }

    [Fact]
    public async Task Inspecting_a_missing_image_gives_null()
    {
        Assert.Null(await Engine.InspectImageAsync($"{fixture.Repository}:never-built", CancellationToken.None));
    }

    [Fact]
    public async Task Tagging_names_an_existing_image_and_moves_an_existing_tag()
    {
        var request = Request("tag-source");
        var one = await Engine.BuildImageAsync(TarContext.Of(("Dockerfile", $"FROM {fixture.BaseImage}\nLABEL variant=one\n")), request, new RecordingBuildObserver(), CancellationToken.None);
        var two = await Engine.BuildImageAsync(TarContext.Of(("Dockerfile", $"FROM {fixture.BaseImage}\nLABEL variant=two\n")), Request("tag-other"), new RecordingBuildObserver(), CancellationToken.None);

        await Engine.TagImageAsync(one.ImageId, fixture.Repository, "tagged", CancellationToken.None);
        Assert.Equal(one.ImageId, (await Engine.InspectImageAsync($"{fixture.Repository}:tagged", CancellationToken.None))?.Id);

        await Engine.TagImageAsync(two.ImageId, fixture.Repository, "tagged", CancellationToken.None);
        Assert.Equal(two.ImageId, (await Engine.InspectImageAsync($"{fixture.Repository}:tagged", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task Tagging_a_missing_image_is_CAL2101()
    {
        var error = await Assert.ThrowsAsync<CalibanException>(() =>
            Engine.TagImageAsync("sha256:" + new string('0', 64), fixture.Repository, "x", CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageNotFound, error.Code);
    }

    [Fact]
    public async Task Runtimes_are_read_from_the_engine()
    {
        Assert.True(await Engine.HasRuntimeAsync("runc", CancellationToken.None));
        Assert.False(await Engine.HasRuntimeAsync("no-such-runtime", CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_mid_build_returns_promptly_stops_the_engine_build_and_tags_nothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        var dockerfile = $"FROM {fixture.BaseImage}\nRUN sleep 30 && echo {marker}\nRUN echo never\n";
        var request = Request("cancel") with { NoCache = true };
        using var cancel = new CancellationTokenSource();
        var sleepStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new RecordingBuildObserver((number, _) =>
        {
            if (number == 2)
            {
                sleepStarted.TrySetResult();
            }
        });

        var build = Engine.BuildImageAsync(TarContext.Of(("Dockerfile", dockerfile)), request, observer, cancel.Token);
        await sleepStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await StepContainerIsRunningAsync(marker, expected: true), "the sleep step's container never ran");

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"returned {clock.Elapsed} after cancelling");
        Assert.True(await StepContainerIsRunningAsync(marker, expected: false), "the engine kept running the cancelled build's step");
        Assert.Null(await Engine.InspectImageAsync(request.Tags[0], CancellationToken.None));
    }

    private ImageBuildRequest Request(string name) => new()
    {
        Dockerfile = "Dockerfile",
        DockerfileDisplayPath = "obj/caliban/Dockerfile",
        Tags = [$"{fixture.Repository}:{name}"],
        Labels = WithTestLabels(),
    };

    private IReadOnlyDictionary<string, string> WithTestLabels(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>(fixture.Labels);
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    private Task<CalibanException> BuildFails(string dockerfile, ImageBuildRequest request) => BuildFails(TarContext.Of(("Dockerfile", dockerfile)), request);

    private async Task<CalibanException> BuildFails(Stream context, ImageBuildRequest request)
    {
        var error = await Assert.ThrowsAsync<CalibanException>(() => Engine.BuildImageAsync(context, request, new RecordingBuildObserver(), CancellationToken.None));
        Assert.Null(await Engine.InspectImageAsync(request.Tags[0], CancellationToken.None));
        return error;
    }

    // The classic builder runs each RUN step in a container; polls until the one running this marker is (or is no longer) there.
    private async Task<bool> StepContainerIsRunningAsync(string marker, bool expected)
    {
        using var client = new DockerClientBuilder().WithEndpoint(Engine.Endpoint.Uri).Build();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var running = await client.Containers.ListContainersAsync(new ContainersListParameters { All = false });
            if (running.Any(c => c.Command?.Contains(marker, StringComparison.Ordinal) == true) == expected)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
