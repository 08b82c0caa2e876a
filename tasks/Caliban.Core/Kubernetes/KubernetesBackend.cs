using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Status, stop and logs of jobs submitted as Kubernetes Jobs. Each job's details name its cluster (kubeconfig,
/// context, namespace), so one backend serves jobs of several clusters; Jobs of one submission are read with one
/// list call. A cluster that cannot be reached leaves its jobs' stored status as it is, with warning CAL5012.
/// </summary>
public sealed class KubernetesBackend(ICalibanLog log, Func<KubeClusterOptions, KubeCluster>? connect = null) : IJobBackend, IFollowsLogs, IDisposable
{
    private readonly Func<KubeClusterOptions, KubeCluster> _connect = connect ?? KubeClusterConnector.Connect;
    private readonly Dictionary<string, KubeCluster> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, V1Job>> _submissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<V1Pod>> _jobPods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly KubeRetryPolicy _retry = KubeRetryPolicy.Default with { Policy = KubeRetryPolicy.Default.Policy with { MaxAttempts = 4 } };

    public string Name => ClusterSubmission.Backend;

    public async Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct)
    {
        var unchanged = new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        if (job.Status.IsTerminal() || KubeJobDetails.FromJson(job.Details) is not { } details) return unchanged;
        try
        {
            var cluster = Cluster(details);
            var found = await FindJobAsync(cluster, details, ct);
            if (found is null) return new JobStatusUpdate(JobStatus.Unknown);
            if (details.Index is { } index)
                return JobConditions.OfIndex(found, index, await PodsAsync(cluster, details, ct, cached: true));
            var update = JobConditions.Of(found);
            return update.Status.IsTerminal()
                ? update with { ExitCode = JobConditions.ExitCode((await PodsAsync(cluster, details, ct)).LastOrDefault()) }
                : update;
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Warn(details, error, "read");
            return unchanged;
        }
    }

    public async Task StopAsync(JobView job, CancellationToken ct)
    {
        if (KubeJobDetails.FromJson(job.Details) is not { } details) return;
        var cluster = Cluster(details);
        try
        {
            // Background propagation: the Job goes at once and the garbage collector removes its pods; no pod is left behind.
            await _retry.RunAsync(token => cluster.Client.BatchV1.DeleteNamespacedJobAsync(details.Name, details.Namespace,
                propagationPolicy: "Background", cancellationToken: token), ct);
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // gone already (another index of the same Indexed Job, or its TTL)
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw KubeApiErrors.From(error, Location(details), $"delete Job {details.Name}");
        }
    }

    public async Task<string?> GetLogsAsync(JobView job, CancellationToken ct)
    {
        if (KubeJobDetails.FromJson(job.Details) is not { } details) return null;
        if (details.Error is { } error) return $"(never submitted: {error})";
        try
        {
            var cluster = Cluster(details);
            var pods = await PodsAsync(cluster, details, ct);
            if (pods.Count == 0) return null;
            var text = new StringBuilder();
            foreach (var pod in pods)
            {
                if (pods.Count > 1) text.AppendLine($"--- pod {pod.Metadata.Name} ({pod.Status?.Phase ?? "unknown"}) ---");
                text.AppendLine((await PodLogAsync(cluster, details.Namespace, pod, ct)).TrimEnd());
            }
            return text.ToString();
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Warn(details, failure, "read the logs of");
            return null;
        }
    }

    /// <summary>How often a job's pods are looked at while waiting for one to start.</summary>
    public TimeSpan FollowPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Streams the log of the job's latest pod once it has started (a pending pod has none yet) until that pod ends.
    /// Ends at once when the Job is gone or finished without a pod.
    /// </summary>
    public async IAsyncEnumerable<string> FollowLogsAsync(JobView job, [EnumeratorCancellation] CancellationToken ct)
    {
        if (KubeJobDetails.FromJson(job.Details) is not { } details || details.Error is not null) yield break;
        var cluster = Cluster(details);
        if (await StartedPodAsync(cluster, details, ct) is not { } pod) yield break;
        using var reader = new StreamReader(await FollowPodLogAsync(cluster, details, pod, ct));
        while (await reader.ReadLineAsync(ct) is { } line) yield return line;
    }

    private async Task<V1Pod?> StartedPodAsync(KubeCluster cluster, KubeJobDetails details, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                if ((await PodsAsync(cluster, details, ct)).LastOrDefault() is { Status.Phase: "Running" or "Succeeded" or "Failed" } pod) return pod;
                var current = await _retry.RunAsync(token => cluster.Client.BatchV1.ReadNamespacedJobAsync(details.Name, details.Namespace, cancellationToken: token), ct);
                if (JobConditions.Of(current).Status.IsTerminal()) return null;
                await Task.Delay(FollowPollInterval, ct);
            }
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // the Job is gone
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw KubeApiErrors.From(error, Location(details), $"read the pods of Job {details.Name}");
        }
    }

    private async Task<Stream> FollowPodLogAsync(KubeCluster cluster, KubeJobDetails details, V1Pod pod, CancellationToken ct)
    {
        try
        {
            return await _retry.RunAsync(token => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, details.Namespace,
                container: ContainerOf(pod), follow: true, cancellationToken: token), ct);
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw KubeApiErrors.From(error, Location(details), $"follow the log of pod {pod.Metadata.Name}");
        }
    }

    public void Dispose()
    {
        foreach (var cluster in _clusters.Values) cluster.Dispose();
    }

    private KubeCluster Cluster(KubeJobDetails details)
    {
        var key = $"{details.KubeConfig}\n{details.Context}\n{details.Server}";
        if (!_clusters.TryGetValue(key, out var cluster))
            _clusters[key] = cluster = _connect(new KubeClusterOptions { KubeConfig = details.KubeConfig, Context = details.Context, Namespace = details.Namespace });
        return cluster;
    }

    /// <summary>The Job, from one list of its whole submission (cached), or by name for jobs recorded without one.</summary>
    private async Task<V1Job?> FindJobAsync(KubeCluster cluster, KubeJobDetails details, CancellationToken ct)
    {
        if (details.Submission is { } submission)
        {
            var key = $"{cluster.Server}\n{details.Namespace}\n{submission}";
            if (!_submissions.TryGetValue(key, out var jobs))
            {
                var list = await _retry.RunAsync(token => cluster.Client.BatchV1.ListNamespacedJobAsync(details.Namespace,
                    labelSelector: $"{KubeLabels.Submission}={submission}", cancellationToken: token), ct);
                _submissions[key] = jobs = list.Items.ToDictionary(item => item.Metadata.Name, StringComparer.Ordinal);
            }
            return jobs.GetValueOrDefault(details.Name);
        }
        try
        {
            return await _retry.RunAsync(token => cluster.Client.BatchV1.ReadNamespacedJobAsync(details.Name, details.Namespace, cancellationToken: token), ct);
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The Job's pods, oldest first; for one index of an Indexed Job, that index's pods only. With
    /// <paramref name="cached"/>, one list serves every index row of an Indexed Job during one refresh.
    /// </summary>
    private async Task<IReadOnlyList<V1Pod>> PodsAsync(KubeCluster cluster, KubeJobDetails details, CancellationToken ct, bool cached = false)
    {
        var key = $"{cluster.Server}\n{details.Namespace}\n{details.Name}";
        if (!cached || !_jobPods.TryGetValue(key, out var pods))
        {
            // Every Job Caliban submits (also from a manifest file) labels its pods with the Job's name.
            var list = await _retry.RunAsync(token => cluster.Client.CoreV1.ListNamespacedPodAsync(details.Namespace,
                labelSelector: $"{KubeLabels.JobName}={details.Name}", cancellationToken: token), ct);
            _jobPods[key] = pods = list.Items
                .OrderBy(pod => pod.Metadata?.CreationTimestamp ?? DateTime.MinValue).ThenBy(pod => pod.Metadata?.Name, StringComparer.Ordinal).ToArray();
        }
        return details.Index is { } index ? pods.Where(pod => JobConditions.IndexOf(pod) == index).ToArray() : pods;
    }

    private async Task<string> PodLogAsync(KubeCluster cluster, string ns, V1Pod pod, CancellationToken ct)
    {
        try
        {
            await using var stream = await _retry.RunAsync(token => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, ns, container: ContainerOf(pod), cancellationToken: token), ct);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(ct);
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // A pod still pending has no log yet; a deleted one none any more.
            return $"(no log: {KubeApiErrors.ServerMessage(error.Response.Content).Message ?? error.Response.StatusCode.ToString()})";
        }
    }

    /// <summary>Caliban's container when the pod has several (sidecars), else null: the only one.</summary>
    private static string? ContainerOf(V1Pod pod) => pod.Spec?.Containers?.Count > 1
        ? pod.Spec.Containers.FirstOrDefault(c => c.Name == ClusterJobSettings.ContainerName)?.Name ?? pod.Spec.Containers[0].Name
        : null;

    private void Warn(KubeJobDetails details, Exception error, string what)
    {
        var key = $"{details.KubeConfig}\n{details.Context}\n{details.Namespace}";
        if (!_warned.Add(key)) return;
        var location = Location(details);
        var coded = KubeApiErrors.From(error, location, $"{what} Job {details.Name}");
        log.Warning(ErrorCodes.KubeRefreshFailed,
            $"Could not {what} the jobs in {location.Where()}; their stored status is shown. {coded.Code}: {coded.Message}");
    }

    private static KubeLocation Location(KubeJobDetails details) => new(details.Server, details.Context, details.Namespace);
}
