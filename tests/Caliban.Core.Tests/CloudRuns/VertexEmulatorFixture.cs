using Caliban.Core.Net;
using Caliban.Core.Google;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

namespace Caliban.Core.Tests.CloudRuns;

/// <summary>One strict Vertex AI emulator per test class; tests tell their jobs apart by their submission label.</summary>
public sealed class VertexEmulatorFixture : IAsyncLifetime
{
    public VertexEmulator Emulator { get; private set; } = null!;

    /// <summary>Client retries shrunk so fault-heavy tests finish in seconds.</summary>
    public static readonly VertexClientOptions FastClient = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        Retry = new RetryPolicy { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
    };

    public async Task InitializeAsync() => Emulator = await VertexEmulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public VertexJobsClient Client(string? token = null) =>
        new(Emulator.BaseUrl, new FixedAccessToken(token ?? Emulator.Token), FastClient);

    /// <summary>Puts the emulator back to a calm state between tests.</summary>
    public void Calm()
    {
        Emulator.FailureRate = 0;
        Emulator.Latency = TimeSpan.Zero;
        Emulator.StateStep = TimeSpan.FromMilliseconds(500);
    }
}
