using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.Tests.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Execution;

/// <summary>
/// The real local engine plus one job image built from the base image, whose ENTRYPOINT is
/// <c>env CALIBAN_TEST_ENTRYPOINT=yes</c> so a job's arguments are a command (python3 -c …, sh -c …) and a job can
/// tell the entry point ran. Everything it and the tests create carries <see cref="Labels"/> and is removed at the end.
/// </summary>
public sealed class RunnerFixture : IAsyncLifetime
{
    private const string RunLabel = "build.caliban.test.runner";
    private ContainerEngine? engine;

    public string TestRunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string BaseImage { get; } = Environment.GetEnvironmentVariable("CALIBAN_TEST_BASE_IMAGE") is { Length: > 0 } image
        ? image
        : "caliban-local/python:bookworm";

    public string JobImage => $"caliban-test/runner-{TestRunId}:jobs";

    public ContainerEngine Engine => engine ?? throw new InvalidOperationException("The runner fixture did not initialise.");

    /// <summary>Labels for every image and container the runner tests create.</summary>
    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { [EngineFixture.TestLabel] = "true", [RunLabel] = TestRunId };

    public async Task InitializeAsync()
    {
        try
        {
            engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None);
        }
        catch (CalibanException e)
        {
            throw new InvalidOperationException($"The runner tests need a running Docker engine (run eng/ensure-docker.sh). {e.Message}", e);
        }

        if (await engine.InspectImageAsync(BaseImage, CancellationToken.None) is null)
        {
            throw new InvalidOperationException(
                $"The runner tests need the base image {BaseImage} (run eng/ensure-base-image.sh, or set CALIBAN_TEST_BASE_IMAGE to a local image).");
        }

        var dockerfile = $"FROM {BaseImage}\nENTRYPOINT [\"/usr/bin/env\", \"CALIBAN_TEST_ENTRYPOINT=yes\"]\n";
        var request = new ImageBuildRequest { Tags = [JobImage], Labels = Labels };
        await engine.BuildImageAsync(TarContext.Of(("Dockerfile", dockerfile)), request, new RecordingBuildObserver(), CancellationToken.None);
    }

    /// <summary>A run of <paramref name="jobs"/> on the job image, on the CPU, labelled for clean-up, logging to a fresh directory.</summary>
    public LocalRunRequest Request(params LocalJob[] jobs) => new()
    {
        Image = JobImage,
        Jobs = jobs,
        Gpu = GpuMode.Off,
        Labels = Labels,
        LogDirectory = Path.Combine(Path.GetTempPath(), $"caliban-runner-logs-{Guid.NewGuid():N}"),
        RunId = $"test-{Guid.NewGuid():N}"[..17],
    };

    /// <summary>Containers of a run still on the engine, asked of the engine directly rather than through the code under test.</summary>
    public Task<IList<ContainerListResponse>> ContainersOfRunAsync(string runId) => ContainersLabelledAsync($"{LocalRunLabels.RunId}={runId}");

    /// <summary>Containers any runner test created that are still on the engine.</summary>
    public Task<IList<ContainerListResponse>> ContainersOfTestsAsync() => ContainersLabelledAsync($"{RunLabel}={TestRunId}");

    private async Task<IList<ContainerListResponse>> ContainersLabelledAsync(string label)
    {
        using var client = new DockerClientBuilder().WithEndpoint(Engine.Endpoint.Uri).Build();
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        });
    }

    public async Task DisposeAsync()
    {
        if (engine is null)
        {
            return;
        }

        await LabelledEngineObjects.RemoveAsync(engine.Endpoint.Uri, $"{RunLabel}={TestRunId}");
        engine.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RunnerCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "Local runs";
}
