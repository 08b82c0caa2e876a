// Fills a job history with finished local jobs of the current user, as many sweeps would leave it:
//   HistorySeeder <db-path> <jobs> [<groups>]   jobs spread over <groups> groups (default 100) of 10 experiments each
using Caliban.Core.History;

if (args.Length < 2 || !int.TryParse(args[1], out var total) || total < 0)
{
    Console.Error.WriteLine("usage: HistorySeeder <db-path> <jobs> [<groups>]");
    return 2;
}
var groups = args.Length > 2 && int.TryParse(args[2], out var g) && g > 0 ? g : 100;
using var store = JobStore.Open(args[0]);
var user = Environment.UserName;
var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput
{
    ImageId = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ImageTag = "bench:0123456789ab",
    ProjectDirectory = "/bench",
    SpecJson = """{"entryPoint":"trainer.train"}""",
});
var perGroup = (total + groups - 1) / groups;
var written = 0;
for (var group = 0; group < groups && written < total; group++)
{
    var record = store.GetOrCreateGroup($"bench-{group:000}", user);
    var jobs = new List<NewJob>();
    for (var i = 0; i < perGroup && written + jobs.Count < total; i++)
    {
        var experiment = store.GetOrCreateExperiment(record.Id, spec.Id, $"lr={i % 10}", ["--lr", $"0.{i % 10}", "--seed", (i / 10).ToString()]);
        jobs.Add(new NewJob
        {
            ExperimentId = experiment.Id,
            Backend = "local",
            Status = i % 7 == 0 ? JobStatus.Failed : JobStatus.Succeeded,
            SpecJson = $$"""{"job":{{written + jobs.Count}}}""",
            User = user,
        });
    }
    store.AddJobs(jobs);
    written += jobs.Count;
}
Console.WriteLine($"{written} jobs for user {user} in {store.Path}");
return 0;
