using Caliban.Emulators.Kubernetes;
using k8s;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

/// <summary>A started emulator and a KubernetesClient built from the kubeconfig it wrote, as a user's would be.</summary>
internal sealed class EmulatedCluster : IAsyncDisposable
{
    private readonly string _directory;

    private EmulatedCluster(KubeApiEmulator emulator, string directory, IKubernetes client, KubernetesClientConfiguration config)
    {
        Emulator = emulator;
        _directory = directory;
        Client = client;
        Config = config;
    }

    public KubeApiEmulator Emulator { get; }
    public IKubernetes Client { get; }
    public KubernetesClientConfiguration Config { get; }
    public string KubeconfigPath => Path.Combine(_directory, "config");

    /// <summary>Progression is manual (<see cref="KubeApiEmulator.Step"/>) unless a step interval is given.</summary>
    public static async Task<EmulatedCluster> StartAsync(TimeSpan? stepInterval = null, string? @namespace = "default")
    {
        var emulator = await KubeApiEmulator.StartAsync(new KubeEmulatorOptions { StepInterval = stepInterval ?? Timeout.InfiniteTimeSpan });
        var directory = Path.Combine(Path.GetTempPath(), "caliban-kubeemu-" + Guid.NewGuid().ToString("N"));
        var path = emulator.WriteKubeconfig(Path.Combine(directory, "config"), "emulator", @namespace);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        return new EmulatedCluster(emulator, directory, new k8s.Kubernetes(config), config);
    }

    public void Steps(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Emulator.Step();
        }
    }

    public static V1Job Job(string name, params string[] args) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["caliban.dev/experiment"] = name } },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers =
                    [
                        new V1Container { Name = "main", Image = "registry.local/caliban/train@sha256:" + new string('a', 64), Args = [.. args] },
                    ],
                },
            },
        },
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
