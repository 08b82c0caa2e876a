using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// A strict loopback emulator of the Kubernetes API server's batch/v1 Jobs, pods, pod logs and namespaces, for
/// tests and benchmarks of clients such as KubernetesClient. Bearer-token auth, the real server's Status bodies and
/// status codes, strict schema decoding, Job validation and defaulting, an emulated job controller moving pods
/// Pending → Running → Succeeded/Failed every <see cref="StepInterval"/>, watch streams, forbidden namespaces,
/// job quotas, latency and injected faults.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _stepLoop;
    private readonly object _faultGate = new();
    private readonly Random _faultRandom;
    private readonly List<KubeFault> _queuedFaults = [];
    private readonly ConcurrentDictionary<string, int> _quotas = new(StringComparer.Ordinal);
    private readonly JobEndpoints _jobs;
    private readonly PodEndpoints _pods;
    private readonly ClusterEndpoints _cluster;
    private readonly string _user;
    private int _createRequests;
    private int _jobsCreated;
    private int _requests;
    private int _faultsInjected;

    private KubeApiEmulator(WebApplication app, KubeEmulatorOptions options)
    {
        _app = app;
        Token = options.Token ?? Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        Latency = options.Latency;
        FailureRate = options.FailureRate;
        StepInterval = options.StepInterval;
        DefaultFieldValidation = options.DefaultFieldValidation;
        _user = options.User;
        _faultRandom = new Random(options.Seed);
        Random = new Random(options.Seed + 1);
        Store = new KubeStore();
        Controller = new JobController(Store, Random);
        _jobs = new JobEndpoints(this);
        _pods = new PodEndpoints(Store, _stopping.Token);
        _cluster = new ClusterEndpoints(Store, () => Url);
        lock (Store.Gate)
        {
            Store.AddNamespace("default", DateTimeOffset.UtcNow);
        }
        _app.Run(HandleAsync);
        _stepLoop = Task.Run(StepLoopAsync);
    }

    /// <summary>Starts an emulator on 127.0.0.1 with a free port.</summary>
    public static async Task<KubeApiEmulator> StartAsync(KubeEmulatorOptions? options = null)
    {
        options ??= new KubeEmulatorOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
        });
        var app = builder.Build();
        var emulator = new KubeApiEmulator(app, options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Url = new Uri(address); // IPAddress.Loopback: always http://127.0.0.1:PORT
        return emulator;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    /// <summary>Delay before each request is handled.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share of requests (0..1) answered by a random, seeded fault (429 with Retry-After, 503, dropped connection).
    /// Half of the 503s and drops on creates strike after the Job was stored.</summary>
    public double FailureRate { get; set; }

    /// <summary>Pace of pod and job progression; <see cref="Timeout.InfiniteTimeSpan"/> stops it (use <see cref="Step"/>).</summary>
    public TimeSpan StepInterval { get; set; }

    /// <summary>Namespaces where every request is refused with the RBAC 403.</summary>
    public KubeNamespaceSet ForbiddenNamespaces { get; } = new();

    /// <summary>Job create requests that reached the server (including ones answered by faults or errors).</summary>
    public int CreateRequests => Volatile.Read(ref _createRequests);

    /// <summary>Jobs actually stored.</summary>
    public int JobsCreated => Volatile.Read(ref _jobsCreated);

    /// <summary>All requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests answered by an injected fault.</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    internal KubeStore Store { get; }
    internal JobController Controller { get; }
    /// <summary>Generated names; used only under <see cref="KubeStore.Gate"/>.</summary>
    internal Random Random { get; }
    internal string DefaultFieldValidation { get; }

    internal int? QuotaFor(string @namespace) => _quotas.TryGetValue(@namespace, out var max) ? max : null;

    internal void CountJobCreated() => Interlocked.Increment(ref _jobsCreated);

    /// <summary>Writes a kubeconfig (server = <see cref="Url"/>, token = <see cref="Token"/>, current-context set) and returns its path.</summary>
    public string WriteKubeconfig(string path, string contextName = "emulator", string? @namespace = "default") =>
        KubeconfigWriter.Write(path, Url, Token, contextName, @namespace);

    /// <summary>Creates a namespace ("default" exists from the start).</summary>
    public void AddNamespace(string name)
    {
        lock (Store.Gate)
        {
            Store.AddNamespace(name, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Limits the number of Jobs in a namespace, like a ResourceQuota on count/jobs.batch.</summary>
    public void SetJobQuota(string @namespace, int maxJobs) => _quotas[@namespace] = maxJobs;

    /// <summary>Queues a fault for the next request that matches it.</summary>
    public void EnqueueFault(KubeFault fault)
    {
        lock (_faultGate)
        {
            _queuedFaults.Add(fault);
        }
    }

    /// <summary>Queues a fault for the next request that matches it.</summary>
    public void EnqueueFault(KubeFaultKind kind, KubeFaultTiming timing = KubeFaultTiming.BeforeHandling, string? verb = null, string? resource = null) =>
        EnqueueFault(new KubeFault(kind, timing, verb, resource));

    /// <summary>Snapshots of the Jobs in a namespace, ordered by name.</summary>
    public IReadOnlyList<JsonObject> Jobs(string @namespace)
    {
        lock (Store.Gate)
        {
            return Store.Namespace(@namespace)?.Jobs.Values.Select(j => (JsonObject)j.Object.DeepClone()).ToList() ?? [];
        }
    }

    /// <summary>Snapshots of the pods in a namespace, ordered by name.</summary>
    public IReadOnlyList<JsonObject> Pods(string @namespace)
    {
        lock (Store.Gate)
        {
            return Store.Namespace(@namespace)?.Pods.Values.Select(p => (JsonObject)p.Object.DeepClone()).ToList() ?? [];
        }
    }

    /// <summary>Moves every pod and job one step on now, whatever <see cref="StepInterval"/> is.</summary>
    public void Step()
    {
        lock (Store.Gate)
        {
            Controller.Step(DateTimeOffset.UtcNow);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (Store.Gate)
        {
            Store.CloseAllWatches();
        }
        try
        {
            await _stepLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token);
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task StepLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var interval = StepInterval;
            if (interval <= TimeSpan.Zero)
            {
                await Task.Delay(20, _stopping.Token);
                continue;
            }
            await Task.Delay(interval, _stopping.Token);
            Step();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }
        KubeReply reply;
        KubeFault? faultAfter = null;
        try
        {
            if (request.Headers.Authorization.ToString() != "Bearer " + Token)
            {
                throw KubeApiError.Unauthorized();
            }
            var route = KubeRoute.Resolve(request.Method, request.Path.Value ?? "", ListAndWatch.IsTrue(request.Query["watch"]))
                        ?? throw KubeApiError.PageNotFound();
            if (route.Verb == "create")
            {
                Interlocked.Increment(ref _createRequests);
            }
            var fault = TakeFault(route);
            if (fault is { Timing: KubeFaultTiming.BeforeHandling })
            {
                await WriteFaultAsync(context, fault);
                return;
            }
            faultAfter = fault;
            Authorize(route);
            reply = await DispatchAsync(route, request);
        }
        catch (KubeApiError error)
        {
            reply = KubeReply.Error(error);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            reply = KubeReply.Error(new KubeApiError(500, "InternalError", "Internal error occurred: " + error.Message));
        }
        if (faultAfter is not null)
        {
            await WriteFaultAsync(context, faultAfter);
            return;
        }
        await reply.WriteAsync(context);
    }

    private Task<KubeReply> DispatchAsync(KubeRoute route, HttpRequest request) => route.Endpoint switch
    {
        KubeEndpoint.Discovery => Task.FromResult(_cluster.Discovery(request.Path.Value ?? "")),
        KubeEndpoint.NamespaceList => Task.FromResult(_cluster.NamespaceList()),
        KubeEndpoint.Namespace => Task.FromResult(_cluster.Namespace(route)),
        KubeEndpoint.Jobs when route.Verb == "create" => _jobs.CreateAsync(route, request),
        KubeEndpoint.Jobs => Task.FromResult(_jobs.List(route, request)),
        KubeEndpoint.Job when route.Verb == "delete" => _jobs.DeleteAsync(route, request),
        KubeEndpoint.Job or KubeEndpoint.JobStatus => Task.FromResult(_jobs.Get(route)),
        KubeEndpoint.Pods => Task.FromResult(_pods.List(route, request)),
        KubeEndpoint.Pod => Task.FromResult(_pods.Get(route)),
        KubeEndpoint.PodLog => Task.FromResult(_pods.Log(route, request)),
        _ => throw KubeApiError.PageNotFound(),
    };

    /// <summary>RBAC: everything in a forbidden namespace is refused with the real server's message.</summary>
    private void Authorize(KubeRoute route)
    {
        if (route.Namespace is not { } ns || !ForbiddenNamespaces.Contains(ns))
        {
            return;
        }
        var group = route.Resource.Group;
        throw KubeApiError.Forbidden(route.Resource, route.Name,
            $"User \"{_user}\" cannot {route.Verb} resource \"{route.ResourceWithSubresource}\" in API group \"{group}\" in the namespace \"{ns}\"");
    }

    private KubeFault? TakeFault(KubeRoute route)
    {
        lock (_faultGate)
        {
            var queued = _queuedFaults.FindIndex(f =>
                (f.Verb is null || f.Verb == route.Verb) && (f.Resource is null || f.Resource == route.ResourceWithSubresource));
            if (queued >= 0)
            {
                var fault = _queuedFaults[queued];
                _queuedFaults.RemoveAt(queued);
                return fault;
            }
            if (FailureRate <= 0 || _faultRandom.NextDouble() >= FailureRate)
            {
                return null;
            }
            var kind = (KubeFaultKind)_faultRandom.Next(3);
            // API Priority and Fairness rejects before handling; 503s and drops on writes may strike after the write.
            var after = route.Verb == "create" && kind != KubeFaultKind.TooManyRequests && _faultRandom.Next(2) == 0;
            return new KubeFault(kind, after ? KubeFaultTiming.AfterHandling : KubeFaultTiming.BeforeHandling);
        }
    }

    private async Task WriteFaultAsync(HttpContext context, KubeFault fault)
    {
        Interlocked.Increment(ref _faultsInjected);
        switch (fault.Kind)
        {
            case KubeFaultKind.TooManyRequests:
                await KubeReply.Error(KubeApiError.TooManyRequests(1)).WriteAsync(context);
                break;
            case KubeFaultKind.ServiceUnavailable:
                await KubeReply.Error(KubeApiError.ServiceUnavailable()).WriteAsync(context);
                break;
            default:
                context.Abort();
                break;
        }
    }
}
