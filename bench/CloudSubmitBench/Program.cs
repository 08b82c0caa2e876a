// Submits sweeps of Vertex AI jobs with Caliban.Core's VertexSubmitter to the loopback emulator, as CalibanCloud does.
//   CloudSubmitBench faults  <jobs> <failure-rate> <db>   every job exactly once despite failing requests
//   CloudSubmitBench latency <jobs> <latency-ms> <parallel> <db>   time of one submission at the given parallelism
// Prints `key value` lines for bench/cloud-submit.sh. The submitter's retry policy is the production default.
using System.Diagnostics;
using System.Globalization;
using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.Google;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static CloudSubmission Sweep(VertexEmulator emulator, int count, int parallel) => new()
{
    Project = emulator.ProjectId,
    Region = "us-central1",
    Endpoint = emulator.BaseUrl.AbsoluteUri,
    Group = "bench-" + Guid.NewGuid().ToString("N")[..8],
    User = "bench",
    Image = new RunImage { ImageId = "sha256:bench", ProjectDirectory = "/bench", BuildSpecJson = """{"entryPoint":"trainer.train"}""" },
    ImageUri = "127.0.0.1:5000/bench@sha256:" + new string('b', 64),
    ImageDigest = "sha256:" + new string('b', 64),
    MaxParallel = parallel,
    Jobs = Enumerable.Range(0, count).Select(index => new CloudJobRequest(
        new PlannedJob(index, $"seed={index}", ["--seed", index.ToString(CultureInfo.InvariantCulture)]),
        new CustomJob
        {
            DisplayName = $"caliban-bench-{index}",
            JobSpec = new CustomJobSpec
            {
                WorkerPoolSpecs =
                [
                    new WorkerPoolSpec
                    {
                        MachineSpec = new MachineSpec { MachineType = "n1-highcpu-32" },
                        ContainerSpec = new ContainerSpec { ImageUri = "127.0.0.1:5000/bench@sha256:" + new string('b', 64), Args = ["--seed", index.ToString(CultureInfo.InvariantCulture)] },
                    },
                ],
            },
        })).ToArray(),
};

try
{
    switch (args)
    {
        case ["faults", var jobsText, var rateText, var db]:
        {
            var jobs = Int(jobsText);
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions
            {
                FailureRate = double.Parse(rateText, CultureInfo.InvariantCulture), StateStep = Timeout.InfiniteTimeSpan,
            });
            using var client = new VertexJobsClient(emulator.BaseUrl, new FixedAccessToken(emulator.Token));
            using var store = JobStore.Open(db);
            var submission = Sweep(emulator, jobs, 16);
            var clock = Stopwatch.StartNew();
            var outcomes = await new VertexSubmitter(client, store, NullCalibanLog.Instance).SubmitAsync(submission, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            emulator.FailureRate = 0;
            var created = emulator.Jobs.Where(job => (string?)job["labels"]?[CloudRunLabels.Submission] == submission.SubmissionId).ToList();
            var distinct = created.Select(job => (string?)job["labels"]?[CloudRunLabels.Job]).Distinct().Count();
            var recorded = store.ListJobs(new JobQuery { Group = submission.Group });
            var recordedNames = recorded.Where(job => job.ExternalId is not null).Select(job => job.ExternalId!).ToHashSet();
            var matched = created.Count(job => recordedNames.Contains((string)job["name"]!));
            Console.WriteLine($"seconds {seconds.ToString("0.00", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"create_requests {emulator.CreateRequests}");
            Console.WriteLine($"requests {emulator.Requests}");
            Console.WriteLine($"jobs_in_emulator {created.Count}");
            Console.WriteLine($"distinct_jobs {distinct}");
            Console.WriteLine($"submitted {outcomes.Count(outcome => outcome.Submitted)}");
            Console.WriteLine($"recorded {recorded.Count}");
            Console.WriteLine($"recorded_with_name_in_emulator {matched}");
            return created.Count == jobs && distinct == jobs && matched == jobs && recorded.Count == jobs ? 0 : 1;
        }
        case ["latency", var jobsText, var latencyText, var parallelText, var db]:
        {
            var jobs = Int(jobsText);
            await using var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions
            {
                Latency = TimeSpan.FromMilliseconds(Int(latencyText)), StateStep = Timeout.InfiniteTimeSpan,
            });
            using var client = new VertexJobsClient(emulator.BaseUrl, new FixedAccessToken(emulator.Token));
            using var store = JobStore.Open(db);
            var clock = Stopwatch.StartNew();
            var outcomes = await new VertexSubmitter(client, store, NullCalibanLog.Instance).SubmitAsync(Sweep(emulator, jobs, Int(parallelText)), CancellationToken.None);
            Console.WriteLine($"seconds {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"submitted {outcomes.Count(outcome => outcome.Submitted)}");
            return outcomes.All(outcome => outcome.Submitted) ? 0 : 1;
        }
        default:
            Console.Error.WriteLine("usage: CloudSubmitBench faults <jobs> <failure-rate> <db> | latency <jobs> <latency-ms> <parallel> <db>");
            return 2;
    }
}
catch (CalibanException error)
{
    Console.Error.WriteLine(error);
    return 1;
}
