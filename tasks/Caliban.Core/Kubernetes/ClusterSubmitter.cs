using System.Net;
using Caliban.Core.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>How <see cref="ClusterSubmitter"/> submits: how many creates at once, and how it retries.</summary>
public sealed record ClusterSubmitOptions
{
    public const int DefaultParallel = 32;

    /// <summary>CalibanSubmitParallel: creates in flight at once.</summary>
    public int Parallel { get; init; } = DefaultParallel;

    public KubeRetryPolicy Retry { get; init; } = KubeRetryPolicy.Default;
}

public enum ClusterSubmitState
{
    /// <summary>This call created the Job.</summary>
    Created,

    /// <summary>A retried create met a 409 and the Job there carries this submission's label: an earlier attempt made it.</summary>
    AlreadyCreated,

    Failed,

    /// <summary>Not tried: an error that hits every Job (forbidden, no namespace, unreachable) stopped the submission first.</summary>
    NotAttempted,
}

/// <summary>How the submission of one Job ended.</summary>
public sealed record ClusterSubmitResult(int Position, string Name, ClusterSubmitState State, CalibanException? Error, int Retries)
{
    public bool Succeeded => State is ClusterSubmitState.Created or ClusterSubmitState.AlreadyCreated;
}

/// <summary>
/// Creates Jobs with bounded concurrency. Each create is retried on 429/5xx and dropped connections; because names are
/// fixed per submission, a retry never makes a second Job: a 409 whose Job carries our submission label is success.
/// The first error that would hit every Job alike (401, 403, missing namespace, unreachable server) stops the rest.
/// </summary>
public static class ClusterSubmitter
{
    public static async Task<IReadOnlyList<ClusterSubmitResult>> SubmitAsync(
        KubeCluster cluster, IReadOnlyList<V1Job> jobs, ClusterSubmitOptions options, ICalibanLog log, CancellationToken ct)
    {
        var results = new ClusterSubmitResult?[jobs.Count];
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = new Progress(jobs.Count, cluster, log);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallel), CancellationToken = abort.Token },
                async (position, token) =>
                {
                    var result = await SubmitOneAsync(cluster, jobs[position], position, options.Retry, token);
                    results[position] = result;
                    progress.Report(result);
                    if (result.Error is { } error && KubeApiErrors.AffectsEveryJob(error)) await abort.CancelAsync();
                });
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // stopped by an error that hits every Job: the rest are reported as not attempted
        }
        return results.Select((result, position) => result
            ?? new ClusterSubmitResult(position, jobs[position].Metadata.Name, ClusterSubmitState.NotAttempted, null, 0)).ToArray();
    }

    private static async Task<ClusterSubmitResult> SubmitOneAsync(KubeCluster cluster, V1Job job, int position, KubeRetryPolicy retry, CancellationToken ct)
    {
        var name = job.Metadata.Name;
        var retries = 0;
        try
        {
            var state = await retry.RunAsync(async token =>
            {
                try
                {
                    await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, cluster.Namespace, cancellationToken: token);
                    return ClusterSubmitState.Created;
                }
                catch (HttpOperationException error) when (error.Response?.StatusCode == HttpStatusCode.Conflict)
                {
                    var existing = await retry.RunAsync(t => cluster.Client.BatchV1.ReadNamespacedJobAsync(name, cluster.Namespace, cancellationToken: t),
                        token, _ => Interlocked.Increment(ref retries));
                    if (IsSameSubmission(job, existing)) return ClusterSubmitState.AlreadyCreated;
                    throw new CalibanException(ErrorCodes.KubeJobNameTaken,
                        $"Job {name} already exists in {cluster.Where()} and was not made by this submission. Delete it " +
                        $"(`kubectl delete job {name} -n {cluster.Namespace}`) or choose another CalibanJobName.");
                }
            }, ct, _ => Interlocked.Increment(ref retries));
            return new ClusterSubmitResult(position, name, state, null, retries);
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ClusterSubmitResult(position, name, ClusterSubmitState.Failed, KubeApiErrors.From(error, cluster.Location, $"create Job {name}"), retries);
        }
    }

    private static bool IsSameSubmission(V1Job ours, V1Job existing) =>
        ours.Metadata.Labels?.TryGetValue(KubeLabels.Submission, out var submission) == true
        && existing.Metadata?.Labels?.TryGetValue(KubeLabels.Submission, out var theirs) == true
        && submission == theirs;

    /// <summary>A line per Job for small submissions, else one per tenth; never more than a few dozen lines.</summary>
    private sealed class Progress(int total, KubeCluster cluster, ICalibanLog log)
    {
        private readonly Lock _gate = new();
        private int _done;
        private int _failed;
        private int _retries;

        public void Report(ClusterSubmitResult result)
        {
            lock (_gate)
            {
                _done++;
                _retries += result.Retries;
                if (!result.Succeeded) _failed++;
                if (total <= 20)
                {
                    var retried = result.Retries > 0 ? $" after {result.Retries} retr{(result.Retries == 1 ? "y" : "ies")}" : "";
                    log.Info(result.State switch
                    {
                        ClusterSubmitState.Created => $"[{_done}/{total}] created Job {cluster.Namespace}/{result.Name}{retried}",
                        ClusterSubmitState.AlreadyCreated => $"[{_done}/{total}] Job {cluster.Namespace}/{result.Name} was created by an earlier attempt{retried}",
                        _ => $"[{_done}/{total}] FAILED Job {cluster.Namespace}/{result.Name}: {result.Error?.Code} {result.Error?.Message}",
                    });
                }
                else if (_done * 10 / total != (_done - 1) * 10 / total || _done == total)
                {
                    log.Info($"[{_done}/{total}] Jobs submitted ({_failed} failed, {_retries} retries so far)");
                }
            }
        }
    }
}
