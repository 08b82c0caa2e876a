// Writes jobs into a job history the way separate MSBuild nodes would: one AddJob (one transaction) at a time.
//   StoreWriter <db-path> <writer-id> <jobs>   record <jobs> jobs under the shared group "bench"
//   StoreWriter count <db-path>                print how many jobs the history holds
using System.Diagnostics;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;

try
{
    if (args is ["count", var countPath])
    {
        using var store = JobStore.Open(countPath);
        Console.WriteLine(store.ListJobs(new JobQuery()).Count);
        return 0;
    }
    if (args is [var path, var writer, var countText] && int.TryParse(countText, out var jobs) && jobs >= 0)
    {
        var clock = Stopwatch.StartNew();
        using var store = JobStore.Open(path);
        var group = store.GetOrCreateGroup("bench", "bench");
        var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput
        {
            ImageId = "sha256:bench",
            ProjectDirectory = "/bench",
            SpecJson = """{"entryPoint":"trainer.train"}""",
        });
        var experiment = store.GetOrCreateExperiment(group.Id, spec.Id, $"writer {writer}", ["--writer", writer]);
        for (var i = 0; i < jobs; i++)
        {
            store.AddJob(new NewJob
            {
                ExperimentId = experiment.Id,
                Backend = "local",
                SpecJson = $$"""{"writer":"{{writer}}","job":{{i}}}""",
                User = "bench",
            });
        }
        Console.WriteLine($"writer {writer}: {jobs} jobs in {clock.ElapsedMilliseconds} ms");
        return 0;
    }
    Console.Error.WriteLine("usage: StoreWriter <db-path> <writer-id> <jobs> | StoreWriter count <db-path>");
    return 2;
}
catch (CalibanException e)
{
    Console.Error.WriteLine(e.ToString());
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
    return 1;
}
