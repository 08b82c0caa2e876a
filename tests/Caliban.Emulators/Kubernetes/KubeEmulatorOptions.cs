namespace Caliban.Emulators.Kubernetes;

/// <summary>How a <see cref="KubeApiEmulator"/> starts; every knob except the token can also be changed while it runs.</summary>
public sealed class KubeEmulatorOptions
{
    /// <summary>The bearer token clients must send; a random one when null.</summary>
    public string? Token { get; init; }

    /// <summary>Seed of the random source behind FailureRate faults and generated names, for reproducible runs.</summary>
    public int Seed { get; init; } = 20240601;

    /// <summary>Delay added before every request is handled.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share of requests (0..1) answered by a random fault: 429, 503 or a dropped connection.</summary>
    public double FailureRate { get; init; }

    /// <summary>Pace of pod and job progression; <see cref="Timeout.InfiniteTimeSpan"/> to step only by <see cref="KubeApiEmulator.Step"/>.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Field validation when a request names none. The real server defaults to Warn (drops unknown fields with a
    /// Warning header); the emulator defaults to Strict so a client sending a misspelt field fails its tests.
    /// </summary>
    public string DefaultFieldValidation { get; init; } = "Strict";

    /// <summary>The user the token authenticates as, named in 403 messages.</summary>
    public string User { get; init; } = "system:serviceaccount:caliban:test";
}
