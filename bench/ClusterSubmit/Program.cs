// Submits a sweep the way CalibanCluster does (Caliban.Core's ClusterSubmission: history rows first, bounded
// concurrency, retries with backoff and jitter, idempotent creates) against the Kubernetes API emulator, and checks
// the result on the emulator's side and in the job history.
//   ClusterSubmit faults  JOBS FAILURE-RATE PARALLEL   faults on a share of requests; exit 1 unless exactly JOBS Jobs, none twice, all recorded
//   ClusterSubmit latency JOBS LATENCY-MS PARALLEL      plain submission with per-request latency
//   ClusterSubmit indexed JOBS LATENCY-MS               the same sweep as one Indexed Job
// Prints one line: "seconds=S jobs=N created=C already=A failed=F retries=R faults=X requests=Q recorded=H".
using System.Diagnostics;
using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;
using Caliban.Core.Runs;
using Caliban.Emulators.Kubernetes;

if (args is not [var mode, var jobsText, var knob, ..] || !int.TryParse(jobsText, out var count))
{
    Console.Error.WriteLine("usage: ClusterSubmit faults|latency|indexed JOBS RATE|LATENCY-MS [PARALLEL]");
    return 2;
}
var parallel = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : ClusterSubmitOptions.DefaultParallel;
var faults = mode == "faults" ? double.Parse(knob, CultureInfo.InvariantCulture) : 0;
var latency = mode == "faults" ? TimeSpan.Zero : TimeSpan.FromMilliseconds(int.Parse(knob, CultureInfo.InvariantCulture));

await using var emulator = await KubeApiEmulator.StartAsync(new KubeEmulatorOptions
{
    StepInterval = Timeout.InfiniteTimeSpan, // only submission is measured
    Latency = latency,
    FailureRate = faults,
});
var work = Directory.CreateTempSubdirectory("caliban-cluster-bench-").FullName;
try
{
    var kubeconfig = emulator.WriteKubeconfig(Path.Combine(work, "kubeconfig"), "bench", "default");
    using var cluster = KubeClusterConnector.Connect(new KubeClusterOptions { KubeConfig = kubeconfig });
    using var store = JobStore.Open(Path.Combine(work, "caliban.db"));
    var jobs = Enumerable.Range(0, count).Select(i => new PlannedJob(i, $"seed={i}", ["--seed", i.ToString(CultureInfo.InvariantCulture)])).ToArray();
    var settings = new ClusterJobSettings
    {
        Image = "127.0.0.1:5000/bench/trainer@sha256:" + new string('b', 64),
        BaseName = "caliban-bench",
        Group = "bench",
        User = "bench",
        EntryPoint = ["python", "-m", "trainer.train"],
    };
    var image = new RunImage { ImageId = settings.Image, Tag = settings.Image, ProjectDirectory = work };
    var experiments = RunHistory.RecordExperiments(store, "bench", "bench", image, null, jobs);
    var submission = ClusterSubmission.NewId();

    var clock = Stopwatch.StartNew();
    var units = ClusterSubmission.Units(settings, jobs, experiments, submission, indexed: mode == "indexed");
    var outcomes = await ClusterSubmission.SubmitAsync(store, cluster, "bench", null, submission, units,
        new ClusterSubmitOptions { Parallel = parallel }, NullCalibanLog.Instance, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;

    var onServer = emulator.Jobs("default");
    var names = onServer.Select(job => job["metadata"]!["name"]!.GetValue<string>()).ToArray();
    var rows = store.ListJobs(new JobQuery { Group = "bench" });
    var recorded = rows.Count(row => row.Status == JobStatus.Submitted && row.ExternalId is not null);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seconds={seconds:0.00} jobs={units.Count} onserver={names.Length} distinct={names.Distinct().Count()} stored={emulator.JobsCreated} " +
        $"created={outcomes.Count(o => o.Result.State == ClusterSubmitState.Created)} already={outcomes.Count(o => o.Result.State == ClusterSubmitState.AlreadyCreated)} " +
        $"failed={outcomes.Count(o => !o.Result.Succeeded)} retries={outcomes.Sum(o => o.Result.Retries)} faults={emulator.FaultsInjected} " +
        $"requests={emulator.Requests} recorded={recorded}/{rows.Count}"));
    foreach (var failure in outcomes.Where(o => !o.Result.Succeeded).Take(5))
        Console.Error.WriteLine($"failed: {failure.Result.Name}: {failure.Result.Error?.Code} {failure.Result.Error?.Message}");

    var expectedRows = count;
    var ok = names.Length == units.Count && names.Distinct().Count() == units.Count && emulator.JobsCreated == units.Count
             && outcomes.All(o => o.Result.Succeeded) && recorded == expectedRows && rows.Count == expectedRows;
    return ok ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}
