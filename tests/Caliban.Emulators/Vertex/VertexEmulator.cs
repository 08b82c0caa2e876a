using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caliban.Emulators.Vertex;

/// <summary>
/// A strict loopback stand-in for Vertex AI's <c>projects.locations.customJobs</c> (create, get, list, cancel) on
/// http://127.0.0.1:PORT. Like the service it needs a bearer token, refuses unknown fields and bad values with Google's
/// error bodies, returns names with the project number, int64 as strings, and moves jobs through their states.
/// Faults (429, 503, dropped connections, slow answers) come at random (<see cref="FailureRate"/>) or on demand
/// (<see cref="EnqueueFault(VertexFault)"/>), some after the job was stored.
/// </summary>
public sealed class VertexEmulator : IAsyncDisposable
{
    private static readonly HashSet<string> SystemParameters = ["alt", "$alt", "prettyPrint", "fields", "key", "quotaUser", "$.xgafv"];
    private static readonly HashSet<string> ListParameters = ["filter", "pageSize", "pageToken", "readMask"];

    private readonly WebApplication app;
    private readonly VertexEmulatorOptions options;
    private readonly ConcurrentDictionary<string, EmulatedJob> jobs = new(StringComparer.Ordinal);
    private readonly List<VertexFault> queuedFaults = [];
    private readonly Random random;
    private readonly long idBase;
    private long sequence;
    private int createRequests;
    private int createdJobs;
    private int requests;
    private long latencyTicks;
    private long stateStepTicks;
    private double failureRate;

    private VertexEmulator(WebApplication app, VertexEmulatorOptions options)
    {
        this.app = app;
        this.options = options;
        Token = options.Token ?? "emulator-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        random = new Random(options.Seed);
        idBase = 1_000_000_000_000_000_000L + random.NextInt64(0, 1_000_000_000_000_000_000L);
        Latency = options.Latency;
        StateStep = options.StateStep;
        FailureRate = options.FailureRate;
    }

    public static async Task<VertexEmulator> StartAsync(VertexEmulatorOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new VertexEmulator(app, options ?? new VertexEmulatorOptions());
        app.Run(emulator.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = new Uri(address + "/"); // IPAddress.Loopback: always http://127.0.0.1:PORT
        return emulator;
    }

    /// <summary>http://127.0.0.1:PORT/ — give it to the client as CalibanVertexEndpoint.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The only bearer token accepted.</summary>
    public string Token { get; }

    public string ProjectId => options.ProjectId;

    /// <summary>The project as it appears in returned names (a number, as the real service answers).</summary>
    public string ProjectNumber => options.ProjectNumber;

    /// <summary><c>projects/{ProjectId}/locations/{region}</c>, the parent callers create under.</summary>
    public string Parent(string region = "us-central1") => $"projects/{ProjectId}/locations/{region}";

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref latencyTicks));
        set => Interlocked.Exchange(ref latencyTicks, value.Ticks);
    }

    /// <summary>0..1: the share of requests that fail at random (429, 503 or a dropped connection).</summary>
    public double FailureRate
    {
        get => Volatile.Read(ref failureRate);
        set => Volatile.Write(ref failureRate, Math.Clamp(value, 0, 1));
    }

    /// <summary>Time in each of QUEUED, PENDING, RUNNING; zero ends jobs at once, infinite keeps them QUEUED.</summary>
    public TimeSpan StateStep
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref stateStepTicks));
        set => Interlocked.Exchange(ref stateStepTicks, value.Ticks);
    }

    /// <summary>Create requests received, whatever became of them.</summary>
    public int CreateRequests => Volatile.Read(ref createRequests);

    /// <summary>Jobs stored (including those whose create answer was replaced by a fault).</summary>
    public int CreatedJobs => Volatile.Read(ref createdJobs);

    /// <summary>All requests received.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Every stored job as get would answer it now, oldest first.</summary>
    public IReadOnlyList<JsonObject> Jobs
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return jobs.Values.OrderBy(job => job.Sequence).Select(job => job.Render(now, StateStep, ProjectNumber)).ToList();
        }
    }

    /// <summary>Queues a fault for the next request (of <see cref="VertexFault.Operation"/> when set).</summary>
    public void EnqueueFault(VertexFault fault)
    {
        lock (queuedFaults)
            queuedFaults.Add(fault);
    }

    public void EnqueueFault(VertexFaultKind kind, VertexOperation? operation = null, bool afterCommit = false) =>
        EnqueueFault(new VertexFault(kind) { Operation = operation, AfterCommit = afterCommit });

    /// <summary>Pins a job's state to any string, e.g. one a client cannot know yet.</summary>
    public void SetState(string name, string state) => JobByName(name).ForceState(state);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private EmulatedJob JobByName(string name) =>
        jobs.TryGetValue(name.Split('/')[^1], out var job) ? job : throw new ArgumentException($"No job named {name}.", nameof(name));

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        if (Latency > TimeSpan.Zero)
            await Task.Delay(Latency).ConfigureAwait(false);

        var route = VertexRoute.Parse(context.Request.Method, context.Request.Path.Value ?? "");
        if (route is null)
        {
            // Google's front end answers unknown URLs with an HTML page, not a JSON error.
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/html; charset=UTF-8";
            await context.Response.WriteAsync($"<!DOCTYPE html><title>Error 404 (Not Found)</title><p>The requested URL <code>{WebUtility.HtmlEncode(context.Request.Path)}</code> was not found on this server.</p>").ConfigureAwait(false);
            return;
        }
        if (route.Operation == VertexOperation.Create)
            Interlocked.Increment(ref createRequests);

        // The whole request is in before any fault: a client that gives up while waiting has still sent its job.
        var body = await ReadBodyTextAsync(context).ConfigureAwait(false);
        var fault = NextFault(route.Operation);
        if (fault is { Kind: VertexFaultKind.Slow })
        {
            await Task.Delay(fault.Delay).ConfigureAwait(false);
            fault = null;
        }
        if (fault is { AfterCommit: false })
        {
            await AnswerFaultAsync(context, fault).ConfigureAwait(false);
            return;
        }

        JsonObject answer;
        int status = 200;
        try
        {
            answer = Dispatch(context, route, body);
        }
        catch (GoogleError error)
        {
            (status, answer) = (error.HttpStatus, error.ToBody());
        }
        if (fault is not null)
        {
            await AnswerFaultAsync(context, fault).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(answer.ToJsonString()).ConfigureAwait(false);
    }

    private VertexFault? NextFault(VertexOperation operation)
    {
        lock (queuedFaults)
        {
            var index = queuedFaults.FindIndex(fault => fault.Operation is null || fault.Operation == operation);
            if (index >= 0)
            {
                var queued = queuedFaults[index];
                queuedFaults.RemoveAt(index);
                return queued;
            }
        }
        var rate = FailureRate;
        if (rate <= 0)
            return null;
        lock (random)
        {
            if (random.NextDouble() >= rate)
                return null;
            var kind = (VertexFaultKind)random.Next(3);
            // Quota is checked before anything is done; other failures may come after a create was stored.
            var afterCommit = operation == VertexOperation.Create && kind != VertexFaultKind.Throttle && random.Next(2) == 0;
            return new VertexFault(kind) { Operation = operation, AfterCommit = afterCommit };
        }
    }

    private static async Task AnswerFaultAsync(HttpContext context, VertexFault fault)
    {
        var error = fault.Kind switch
        {
            VertexFaultKind.Throttle => new GoogleError(429, "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Custom job requests' and limit 'Custom job requests per minute per region' of service 'aiplatform.googleapis.com'."),
            VertexFaultKind.Unavailable => new GoogleError(503, "UNAVAILABLE", "The service is currently unavailable."),
            _ => null,
        };
        if (error is null)
        {
            context.Abort();
            return;
        }
        if (fault.RetryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(error.ToBody().ToJsonString()).ConfigureAwait(false);
    }

    private JsonObject Dispatch(HttpContext context, VertexRoute route, string body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization != "Bearer " + Token)
            throw GoogleError.Unauthenticated();
        if (route.Project != options.ProjectId && route.Project != options.ProjectNumber)
            throw GoogleError.PermissionDenied(
                $"Permission 'aiplatform.customJobs.{route.Operation.ToString().ToLowerInvariant()}' denied on resource '//aiplatform.googleapis.com/projects/{route.Project}/locations/{route.Location}' (or it may not exist).");
        if (!options.Regions.Contains(route.Location))
            throw GoogleError.InvalidArgument($"Location {route.Location} is not supported. Supported locations: {string.Join(", ", options.Regions)}.");
        CheckQuery(context.Request.Query, route.Operation == VertexOperation.List);

        var now = DateTimeOffset.UtcNow;
        switch (route.Operation)
        {
            case VertexOperation.Create:
                return Create(ParseBody(body), route.Location, now);
            case VertexOperation.Get:
                return Find(route).Render(now, StateStep, ProjectNumber);
            case VertexOperation.Cancel:
                ParseBody(body);
                var job = Find(route);
                if (!job.TryCancel(now, StateStep, out var state))
                    throw GoogleError.FailedPrecondition($"Cannot cancel CustomJob \"{job.NameFor(ProjectNumber)}\" in state {state}.");
                return [];
            default:
                return List(context.Request.Query, route.Location, now);
        }
    }

    private JsonObject Create(JsonObject body, string location, DateTimeOffset now)
    {
        ProtoSchema.Check(body, CustomJobSchema.CustomJob, "custom_job");
        var spec = ProtoSchema.Normalize(body, CustomJobSchema.CustomJob);
        foreach (var outputOnly in CustomJobSchema.OutputOnly)
            spec.Remove(outputOnly);
        CustomJobRules.Check(spec);

        var number = Interlocked.Increment(ref sequence);
        var job = new EmulatedJob(number, (idBase + number).ToString(System.Globalization.CultureInfo.InvariantCulture), location, spec, now);
        jobs[job.Id] = job;
        Interlocked.Increment(ref createdJobs);
        return job.Render(now, StateStep, ProjectNumber);
    }

    private EmulatedJob Find(VertexRoute route) =>
        jobs.TryGetValue(route.JobId!, out var job) && job.Location == route.Location
            ? job
            : throw GoogleError.NotFound($"The CustomJob \"projects/{route.Project}/locations/{route.Location}/customJobs/{route.JobId}\" does not exist.");

    private JsonObject List(IQueryCollection query, string location, DateTimeOffset now)
    {
        var filter = JobFilter.Parse(query["filter"].ToString());
        var pageSize = 100;
        if (query.TryGetValue("pageSize", out var sizeText) && (!int.TryParse(sizeText.ToString(), out pageSize) || pageSize < 0))
            throw GoogleError.InvalidArgument($"Invalid JSON payload received. Invalid value at 'page_size' (TYPE_INT32), \"{sizeText}\"");
        pageSize = pageSize == 0 ? 100 : Math.Min(pageSize, 1000);
        var before = long.MaxValue;
        if (query["pageToken"].ToString() is { Length: > 0 } token && !TryReadPageToken(token, out before))
            throw GoogleError.InvalidArgument("Invalid page token.");

        var step = StateStep;
        var page = jobs.Values
            .Where(job => job.Location == location && job.Sequence < before)
            .OrderByDescending(job => job.Sequence)
            .Where(job => filter.Matches(job, job.StateAt(now, step).State))
            .Take(pageSize + 1)
            .ToList();
        var answer = new JsonObject
        {
            ["customJobs"] = new JsonArray(page.Take(pageSize).Select(job => (JsonNode)job.Render(now, step, ProjectNumber)).ToArray()),
        };
        if (page.Count > pageSize)
            answer["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"before:{page[pageSize - 1].Sequence}"));
        return answer;
    }

    private static bool TryReadPageToken(string token, out long before)
    {
        before = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("before:", StringComparison.Ordinal) && long.TryParse(text["before:".Length..], out before);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void CheckQuery(IQueryCollection query, bool list)
    {
        foreach (var key in query.Keys)
        {
            if (!SystemParameters.Contains(key) && !(list && ListParameters.Contains(key)))
                throw GoogleError.InvalidArgument(
                    $"Invalid JSON payload received. Unknown name \"{key}\": Cannot bind query parameter. Field '{key}' could not be found in request message.");
        }
    }

    private static async Task<string> ReadBodyTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static JsonObject ParseBody(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw GoogleError.InvalidArgument("Invalid JSON payload received. Expected an object.");
        }
        catch (JsonException ex)
        {
            throw GoogleError.InvalidArgument($"Invalid JSON payload received. Unexpected token.\n{ex.Message}");
        }
    }
}
