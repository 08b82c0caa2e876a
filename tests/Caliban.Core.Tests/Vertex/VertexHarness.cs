using Caliban.Core.Net;
using Caliban.Core.Google;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

namespace Caliban.Core.Tests.Vertex;

/// <summary>An emulator and a client pointed at it with the emulator's token and short retry delays.</summary>
internal sealed class VertexHarness : IAsyncDisposable
{
    public static readonly RetryPolicy FastRetries = new() { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(20) };

    private VertexHarness(VertexEmulator emulator, VertexJobsClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public VertexEmulator Emulator { get; }
    public VertexJobsClient Client { get; }
    public string Parent => Emulator.Parent();

    public static async Task<VertexHarness> StartAsync(VertexEmulatorOptions? options = null, VertexClientOptions? clientOptions = null, string? token = null)
    {
        var emulator = await VertexEmulator.StartAsync(options);
        var client = new VertexJobsClient(emulator.BaseUrl, new FixedAccessToken(token ?? emulator.Token),
            clientOptions ?? new VertexClientOptions { Retry = FastRetries, RequestTimeout = TimeSpan.FromSeconds(10) });
        return new VertexHarness(emulator, client);
    }

    public static CustomJob Job(string displayName, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        DisplayName = displayName,
        Labels = labels,
        JobSpec = new CustomJobSpec
        {
            WorkerPoolSpecs =
            [
                new WorkerPoolSpec
                {
                    MachineSpec = new MachineSpec { MachineType = "n1-standard-8" },
                    ContainerSpec = new ContainerSpec { ImageUri = "us-docker.pkg.dev/p/r/trainer@sha256:" + new string('a', 64), Args = args },
                },
            ],
        },
    };

    public Task<CustomJob> CreateAsync(string displayName, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? labels = null) =>
        Client.CreateAsync(Parent, Job(displayName, args, labels), CancellationToken.None);

    public async Task<List<CustomJob>> ListAsync(string? filter)
    {
        var jobs = new List<CustomJob>();
        await foreach (var job in Client.ListAsync(Parent, filter, CancellationToken.None))
            jobs.Add(job);
        return jobs;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
