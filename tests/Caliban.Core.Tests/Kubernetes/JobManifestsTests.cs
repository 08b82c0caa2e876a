using Caliban.Core.Cloud;
using Caliban.Core.Experiments;
using Caliban.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class JobManifestsTests
{
    internal static ClusterJobSettings Settings => new()
    {
        Image = "127.0.0.1:5000/mnist@sha256:" + new string('a', 64),
        BaseName = "caliban-alice",
        Group = "alice-xgroup-2026-01-01",
        User = "alice",
        Environment = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" },
    };

    private static readonly PlannedJob Job = new(2, "lr=0.1", ["--lr", "0.1", "$(HOME)"]);

    [Fact]
    public void A_job_runs_the_image_by_digest_with_its_arguments_requests_and_labels()
    {
        var job = JobManifests.ForJob(Settings, Job, "sub");

        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Job", job.Kind);
        Assert.Matches("^caliban-alice-2-[0-9a-f]{5}$", job.Metadata.Name);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Null(job.Spec.TtlSecondsAfterFinished);
        var pod = job.Spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        var container = Assert.Single(pod.Containers);
        Assert.Equal(Settings.Image, container.Image);
        Assert.Null(container.Command); // the image's ENTRYPOINT runs the entry point
        Assert.Equal(["--lr", "0.1", "$$(HOME)"], container.Args); // $ doubled: Kubernetes would expand $(HOME)
        Assert.Equal(["A=1", "B=2"], container.Env.Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal("1500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("7G", container.Resources.Requests["memory"].ToString()); // 7000M, as Kubernetes writes it
        Assert.Null(container.Resources.Limits);
        Assert.Null(pod.NodeSelector);
        Assert.Null(pod.Tolerations);
        Assert.Equal("alice-xgroup-2026-01-01", job.Metadata.Labels[KubeLabels.Group]);
        Assert.Equal("alice", job.Metadata.Labels[KubeLabels.User]);
        Assert.Equal("caliban-sdk", job.Metadata.Labels[KubeLabels.ManagedBy]);
        Assert.Equal(job.Metadata.Name, job.Spec.Template.Metadata.Labels[KubeLabels.JobName]);
        Assert.Equal("lr=0.1", job.Metadata.Annotations[KubeLabels.ExperimentNameAnnotation]);
    }

    [Fact]
    public void Gpu_spot_tolerations_secrets_account_and_ttl_reach_the_pod()
    {
        var settings = Settings with
        {
            Gpu = GpuSpec.Parse("2xV100"),
            Spot = true,
            Tolerations = [KubeTolerations.From("dedicated", null, "ml", "NoSchedule", null)],
            ImagePullSecrets = ["regcred"],
            ServiceAccount = "trainer",
            TtlSecondsAfterFinished = 3600,
            BackoffLimit = 2,
            Cpu = "4",
            Memory = "16Gi",
            Labels = new Dictionary<string, string> { ["team"] = "vision" },
        };
        var job = JobManifests.ForJob(settings, Job, "sub");
        var pod = job.Spec.Template.Spec;
        var container = pod.Containers[0];

        Assert.Equal("2", container.Resources.Limits[JobManifests.GpuResource].ToString());
        Assert.Equal("4", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("16Gi", container.Resources.Requests["memory"].ToString());
        Assert.Equal("nvidia-tesla-v100", pod.NodeSelector[JobManifests.GkeAccelerator]);
        Assert.Equal("true", pod.NodeSelector[JobManifests.GkeSpot]);
        Assert.Equal(["nvidia.com/gpu Exists  NoSchedule", "cloud.google.com/gke-spot Equal true NoSchedule", "dedicated Equal ml NoSchedule"],
            pod.Tolerations.Select(t => $"{t.Key} {t.OperatorProperty} {t.Value} {t.Effect}"));
        Assert.Equal("regcred", Assert.Single(pod.ImagePullSecrets).Name);
        Assert.Equal("trainer", pod.ServiceAccountName);
        Assert.Equal(3600, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Equal("vision", job.Metadata.Labels["team"]);
        Assert.Equal("vision", job.Spec.Template.Metadata.Labels["team"]);
    }

    [Fact]
    public void Serialized_manifests_omit_what_is_not_set()
    {
        var json = KubernetesJson.Serialize(JobManifests.ForJob(Settings, new PlannedJob(0, "default", []), "sub"));
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"args\"", json);
        Assert.DoesNotContain("nodeSelector", json);
        Assert.Contains("\"restartPolicy\":\"Never\"", json);
    }

    [Fact]
    public void An_indexed_job_holds_every_job_and_keeps_the_entry_point()
    {
        var jobs = new[] { new PlannedJob(0, "a", ["--seed", "0"]), new PlannedJob(1, "b", ["--seed", "1"]), new PlannedJob(2, "c", []) };
        var job = JobManifests.ForIndexedJob(Settings with { EntryPoint = ["python", "-m", "trainer.train"], Parallelism = 2, BackoffLimit = 1 }, jobs, "sub");

        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(3, job.Spec.Completions);
        Assert.Equal(2, job.Spec.Parallelism);
        Assert.Equal(1, job.Spec.BackoffLimitPerIndex); // a failed index does not stop the others
        Assert.Null(job.Spec.BackoffLimit);
        var container = job.Spec.Template.Spec.Containers[0];
        Assert.Equal(["/bin/sh", "-c", IndexedJobArguments.Wrapper, IndexedJobArguments.ScriptName], container.Command);
        Assert.Equal(["python", "-m", "trainer.train"], container.Args);
        Assert.Equal("'--seed' '0'\n'--seed' '1'\n", container.Env.Single(e => e.Name == IndexedJobArguments.ArgumentsVariable).Value);
        Assert.True(KubeNames.IsValidName(job.Metadata.Name));
        Assert.Equal(3, JobManifests.ForIndexedJob(Settings with { EntryPoint = ["x"] }, jobs, "sub").Spec.Parallelism);
    }

    [Fact]
    public void Stamping_adds_submission_labels_to_the_job_and_its_pods()
    {
        var job = JobManifests.ForJob(Settings, Job, "sub");
        var stamped = JobManifests.Stamp(job, JobManifests.SubmissionLabels("s-1", 7, 42));

        Assert.Equal("alice", stamped.Metadata.Labels[KubeLabels.User]); // kept
        Assert.Equal("s-1", stamped.Metadata.Labels[KubeLabels.Submission]);
        Assert.Equal("42", stamped.Spec.Template.Metadata.Labels[KubeLabels.Job]);
        Assert.Equal("7", stamped.Metadata.Labels[KubeLabels.Experiment]);
    }

    [Fact]
    public void Resubmitted_manifests_get_a_new_name_and_lose_the_old_submission()
    {
        var job = JobManifests.Stamp(JobManifests.ForJob(Settings, Job, "sub"), JobManifests.SubmissionLabels("s-1", 7, 42));
        var again = ClusterResubmission.Renamed(job, "s-2\n42");

        Assert.Equal("s-1", job.Metadata.Labels[KubeLabels.Submission]); // the recorded manifest is left alone
        Assert.NotEqual(job.Metadata.Name, again.Metadata.Name);
        Assert.Matches("^caliban-alice-2-[0-9a-f]{5}$", again.Metadata.Name); // the old hash is replaced, not piled up
        Assert.False(again.Metadata.Labels.ContainsKey(KubeLabels.Submission));
        Assert.False(again.Spec.Template.Metadata.Labels.ContainsKey(KubeLabels.Job));
        Assert.Equal(again.Metadata.Name, again.Spec.Template.Metadata.Labels[KubeLabels.JobName]);
    }
}
