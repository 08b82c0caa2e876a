using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Engine;

/// <summary>
/// One connection to the real local engine for the engine tests. Fails (never skips) when no engine answers or
/// the base image is missing, and removes every image this run built (all carry the run's label).
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public const string TestLabel = "build.caliban.test";
    private const string RunLabel = "build.caliban.test.run";
    private ContainerEngine? engine;

    /// <summary>Unique per test run, so parallel runs and leftovers never collide.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The repository every test image is tagged into.</summary>
    public string Repository => $"caliban-test/engine-{RunId}";

    public string BaseImage { get; } = Environment.GetEnvironmentVariable("CALIBAN_TEST_BASE_IMAGE") is { Length: > 0 } image
        ? image
        : "caliban-local/python:bookworm";

    public ContainerEngine Engine => engine ?? throw new InvalidOperationException("The engine fixture did not initialise.");

    /// <summary>The labels every test build must carry so it is cleaned up.</summary>
    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { [TestLabel] = "true", [RunLabel] = RunId };

    public async Task InitializeAsync()
    {
        try
        {
            engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None);
        }
        catch (CalibanException e)
        {
            throw new InvalidOperationException($"The engine tests need a running Docker engine (run eng/ensure-docker.sh). {e.Message}", e);
        }

        if (await engine.InspectImageAsync(BaseImage, CancellationToken.None) is null)
        {
            throw new InvalidOperationException(
                $"The engine tests need the base image {BaseImage} (run eng/ensure-base-image.sh, or set CALIBAN_TEST_BASE_IMAGE to a local image).");
        }
    }

    public async Task DisposeAsync()
    {
        if (engine is null)
        {
            return;
        }

        await LabelledEngineObjects.RemoveAsync(engine.Endpoint.Uri, $"{RunLabel}={RunId}");
        engine.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Docker engine";
}
