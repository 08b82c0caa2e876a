using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

/// <summary>Shortcuts for putting groups, experiments and jobs into a store under test.</summary>
internal static class StoreSeeds
{
    public static ContainerSpecInput Spec(string imageId = "sha256:aaa", string projectDirectory = "/repo", string specJson = """{"entryPoint":"trainer.train"}""") => new()
    {
        ImageId = imageId,
        ProjectDirectory = projectDirectory,
        SpecJson = specJson,
    };

    public static ExperimentRecord Experiment(this JobStore store, string group, string user, params string[] arguments)
    {
        var groupRecord = store.GetOrCreateGroup(group, user);
        var spec = store.GetOrCreateContainerSpec(Spec());
        return store.GetOrCreateExperiment(groupRecord.Id, spec.Id, "trainer.train " + string.Join(' ', arguments), arguments);
    }

    public static NewJob Job(long experimentId, string user = "alice", JobStatus status = JobStatus.Submitted, string backend = "local") => new()
    {
        ExperimentId = experimentId,
        Backend = backend,
        Status = status,
        SpecJson = """{"command":["docker","run"]}""",
        User = user,
    };

    public static long Add(this JobStore store, ExperimentRecord experiment, JobStatus status = JobStatus.Submitted, string user = "alice", string backend = "local") =>
        store.AddJob(Job(experiment.Id, user, status, backend));
}
