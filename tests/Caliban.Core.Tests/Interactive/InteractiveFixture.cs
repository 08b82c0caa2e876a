using Caliban.Core.Build;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Images;
using Caliban.Core.Interactive;
using Caliban.Core.Tests.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Interactive;

/// <summary>
/// The real local engine and a research project whose interactive images (shell, and lazily notebook with Debian's
/// Jupyter) are built once, for a user 4321:4321 that is not the test's. Everything created carries <see cref="Labels"/>
/// and is removed at the end.
/// </summary>
public sealed class InteractiveFixture : IAsyncLifetime
{
    public const int UserId = 4321;
    public const int GroupId = 4321;
    public const string UserName = "researcher";

    /// <summary>Debian bookworm's Jupyter: pip cannot reach PyPI here.</summary>
    public const string AptJupyterInstall =
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends jupyter-notebook " +
        "&& apt-get clean && rm -rf /var/lib/apt/lists/*";

    /// <summary>rwx for everyone: for directories the container's user 4321 must use although the test (root) made them.</summary>
    public static void OpenToAll(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        }
    }

    private const string RunLabel = "build.caliban.test.interactive";
    private readonly SemaphoreSlim notebookBuild = new(1, 1);
    private ContainerEngine? engine;
    private BuiltImage? notebookImage;

    public string TestRunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string BaseImage { get; } = Environment.GetEnvironmentVariable("CALIBAN_TEST_BASE_IMAGE") is { Length: > 0 } image
        ? image
        : "caliban-local/python:bookworm";

    public string ImageName => $"caliban-test/interactive-{TestRunId}";

    /// <summary>The research project: a requirements.txt and an apt package (in the image) and code (mounted, not copied).</summary>
    public string ProjectDirectory { get; } = Directory.CreateTempSubdirectory("caliban-interactive-project-").FullName;

    public ContainerEngine Engine => engine ?? throw new InvalidOperationException("The interactive fixture did not initialise.");

    public BuiltImage ShellImage { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { [EngineFixture.TestLabel] = "true", [RunLabel] = TestRunId };

    public async Task InitializeAsync()
    {
        try
        {
            engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, CancellationToken.None);
        }
        catch (CalibanException e)
        {
            throw new InvalidOperationException($"The interactive tests need a running Docker engine (run eng/ensure-docker.sh). {e.Message}", e);
        }

        if (await engine.InspectImageAsync(BaseImage, CancellationToken.None) is null)
        {
            throw new InvalidOperationException(
                $"The interactive tests need the base image {BaseImage} (run eng/ensure-base-image.sh, or set CALIBAN_TEST_BASE_IMAGE to a local image).");
        }

        // The container's user (4321) is not the test's: let it read and write the mounted project like its owner would.
        OpenToAll(ProjectDirectory);
        File.WriteAllText(Path.Combine(ProjectDirectory, "requirements.txt"), "# nothing to install: PyPI is out of reach here\n");
        Directory.CreateDirectory(Path.Combine(ProjectDirectory, "trainer"));
        File.WriteAllText(Path.Combine(ProjectDirectory, "trainer", "train.py"), "print('training')\n");
        ShellImage = await InteractiveImage.BuildAsync(Request(InteractiveImageKind.Shell), NullCalibanLog.Instance, CancellationToken.None);
    }

    /// <summary>The notebook image, built on first use (installing Jupyter with apt takes a while).</summary>
    public async Task<BuiltImage> NotebookImageAsync()
    {
        await notebookBuild.WaitAsync();
        try
        {
            return notebookImage ??= await InteractiveImage.BuildAsync(
                Request(InteractiveImageKind.Notebook) with { JupyterInstall = AptJupyterInstall }, NullCalibanLog.Instance, CancellationToken.None);
        }
        finally
        {
            notebookBuild.Release();
        }
    }

    public InteractiveImageRequest Request(InteractiveImageKind kind) => new()
    {
        Spec = new DockerfileSpec
        {
            BaseImage = BaseImage,
            UserId = UserId,
            GroupId = GroupId,
            UserName = UserName,
            AptPackages = ["jq"],
            Dependencies = DependencyFiles.Detect(ProjectDirectory),
            ProjectDirectory = ProjectDirectory,
            EntryPoint = EntryPoint.Resolve(ProjectDirectory, "trainer.train"),
        },
        ImageName = ImageName,
        IntermediateDirectory = Path.Combine(ProjectDirectory, "obj", "caliban"),
        ProjectName = "interactive-test",
        Kind = kind,
        Labels = Labels,
    };

    public ShellOptions Shell() => new()
    {
        Image = ShellImage.Tag,
        ProjectDirectory = ProjectDirectory,
        UserId = UserId,
        GroupId = GroupId,
        UserName = UserName,
        Bare = true,
        Gpu = Caliban.Core.Execution.GpuMode.Off,
        Credentials = Caliban.Core.Execution.LocalCredentials.None,
        Labels = Labels,
    };

    /// <summary>Containers of this test run still on the engine, asked of the engine directly.</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync(string kind)
    {
        using var client = new DockerClientBuilder().WithEndpoint(Engine.Endpoint.Uri).Build();
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{RunLabel}={TestRunId}"] = true, [$"{InteractiveLabels.Kind}={kind}"] = true },
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await LabelledEngineObjects.RemoveAsync(engine.Endpoint.Uri, $"{RunLabel}={TestRunId}");
            engine.Dispose();
        }

        try
        {
            Directory.Delete(ProjectDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files the container's user wrote may resist; a temp leftover must not fail the run.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InteractiveCollection : ICollectionFixture<InteractiveFixture>
{
    public const string Name = "Interactive containers";
}
