using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class JobValidationTests
{
    [Fact]
    public async Task A_job_with_every_field_a_job_manager_sends_is_accepted()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = EmulatedCluster.Job("full", "--epochs", "3");
        job.Metadata.Annotations = new Dictionary<string, string> { ["caliban.dev/args"] = "--epochs 3" };
        job.Spec.TtlSecondsAfterFinished = 3600;
        job.Spec.ActiveDeadlineSeconds = 7200;
        job.Spec.Template.Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["caliban.dev/job"] = "full" } };
        var pod = job.Spec.Template.Spec;
        pod.ServiceAccountName = "trainer";
        pod.ImagePullSecrets = [new V1LocalObjectReference { Name = "registry-creds" }];
        pod.NodeSelector = new Dictionary<string, string> { ["cloud.google.com/gke-accelerator"] = "nvidia-l4", ["cloud.google.com/gke-spot"] = "true" };
        pod.Tolerations =
        [
            new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new V1Toleration { Key = "cloud.google.com/gke-spot", OperatorProperty = "Equal", Value = "true", Effect = "NoSchedule" },
        ];
        var container = pod.Containers[0];
        container.Command = ["python", "-m", "trainer.train"];
        container.Env = [new V1EnvVar { Name = "CALIBAN_JOB", Value = "full" }, new V1EnvVar { Name = "PYTHONUNBUFFERED", Value = "1" }];
        container.Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m"), ["memory"] = new("7000M") },
            Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("2"), ["memory"] = new("8Gi") },
        };

        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default");

        Assert.Equal("1500m", created.Spec.Template.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal("nvidia-l4", created.Spec.Template.Spec.NodeSelector["cloud.google.com/gke-accelerator"]);
        Assert.Equal(2, created.Spec.Template.Spec.Tolerations.Count);
        Assert.Equal("full", created.Spec.Template.Metadata.Labels["caliban.dev/job"]);
        Assert.Equal(3600, created.Spec.TtlSecondsAfterFinished);
    }

    [Fact]
    public async Task A_duplicate_name_is_409_AlreadyExists()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("twice"), "default");

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("twice"), "default"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("jobs.batch \"twice\" already exists", status.Message);
        Assert.Equal(("twice", "batch", "jobs"), (status.Details.Name, status.Details.Group, status.Details.Kind));
        Assert.Equal(1, cluster.Emulator.JobsCreated);
        Assert.Equal(2, cluster.Emulator.CreateRequests);
    }

    [Fact]
    public async Task A_forbidden_namespace_answers_the_RBAC_403_for_every_request()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.AddNamespace("x");
        cluster.Emulator.ForbiddenNamespaces.Add("x");

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("j"), "x"));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal("jobs.batch is forbidden: User \"system:serviceaccount:caliban:test\" cannot create resource \"jobs\" in API group \"batch\" in the namespace \"x\"", status.Message);

        var (_, list) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.ListNamespacedJobAsync("x"));
        Assert.Contains("cannot list resource \"jobs\"", list.Message);
        var (_, get) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.ReadNamespacedJobAsync("j", "x"));
        Assert.StartsWith("jobs.batch \"j\" is forbidden", get.Message);
        var (_, pods) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ListNamespacedPodAsync("x"));
        Assert.Contains("cannot list resource \"pods\" in API group \"\"", pods.Message);
        Assert.Equal(0, cluster.Emulator.JobsCreated);
    }

    [Fact]
    public async Task Creating_beyond_the_job_quota_is_403_exceeded_quota()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.SetJobQuota("default", 2);
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("q1"), "default");
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("q2"), "default");

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("q3"), "default"));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.StartsWith("jobs.batch \"q3\" is forbidden: exceeded quota: ", status.Message);
        Assert.Contains("limited: count/jobs.batch=2", status.Message);
        Assert.Equal(2, cluster.Emulator.Jobs("default").Count);
    }

    [Fact]
    public async Task A_missing_namespace_is_404_for_create_and_namespace_reads()
    {
        await using var cluster = await EmulatedCluster.StartAsync();

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("j"), "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"nowhere\" not found", status.Message);
        Assert.Equal(("nowhere", "namespaces"), (status.Details.Name, status.Details.Kind));

        var (nsCode, _) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespaceAsync("nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, nsCode);
        // As on the real server, listing in a missing namespace is an empty list and a get names the job.
        Assert.Empty((await cluster.Client.BatchV1.ListNamespacedJobAsync("nowhere")).Items);
        var (_, get) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.ReadNamespacedJobAsync("j", "nowhere"));
        Assert.Equal("jobs.batch \"j\" not found", get.Message);
    }

    [Fact]
    public async Task An_unsupported_restartPolicy_is_422_Invalid_with_its_cause()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = EmulatedCluster.Job("always");
        job.Spec.Template.Spec.RestartPolicy = "Always";

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default"));

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("Job.batch \"always\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueNotSupported", "spec.template.spec.restartPolicy"), (cause.Reason, cause.Field));
        Assert.Equal(("always", "batch", "Job"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact]
    public async Task An_omitted_restartPolicy_defaults_to_Always_and_is_rejected()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = EmulatedCluster.Job("implicit");
        job.Spec.Template.Spec.RestartPolicy = null;

        var (_, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default"));

        Assert.Contains("Unsupported value: \"Always\"", status.Message);
    }

    public static TheoryData<string, Action<V1Job>, string> InvalidJobs => new()
    {
        { "spec.template.spec.containers", j => j.Spec.Template.Spec.Containers = [], "Required value" },
        { "spec.template.spec.containers[0].image", j => j.Spec.Template.Spec.Containers[0].Image = null, "Required value" },
        { "spec.template.spec.containers[0].name", j => j.Spec.Template.Spec.Containers[0].Name = "Main_1", "RFC 1123 label" },
        { "metadata.name", j => j.Metadata.Name = "Bad_Name", "RFC 1123 subdomain" },
        { "spec.template.metadata.labels", j => j.Metadata.Name = new string('n', 64), "must be no more than 63 characters" },
        { "metadata.labels", j => j.Metadata.Labels["bad key"] = "v", "name part must consist of alphanumeric characters" },
        { "metadata.labels", j => j.Metadata.Labels["k"] = "bad value!", "a valid label must be an empty string" },
        { "spec.completions", j => { j.Spec.CompletionMode = "Indexed"; j.Spec.Parallelism = 2; }, "Required value: when completion mode is Indexed" },
        { "spec.completionMode", j => j.Spec.CompletionMode = "Sometimes", "Unsupported value: \"Sometimes\"" },
        { "spec.backoffLimit", j => j.Spec.BackoffLimit = -1, "must be greater than or equal to 0" },
        { "spec.ttlSecondsAfterFinished", j => j.Spec.TtlSecondsAfterFinished = -5, "must be greater than or equal to 0" },
        { "spec.selector", j => j.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } }, "`selector` not auto-generated" },
        { "spec.template.metadata.labels", j => { j.Spec.ManualSelector = true; j.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } }; }, "`selector` does not match template `labels`" },
        { "spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]", j => Resources(j, requests: ("nvidia.com/gpu", "1"), limits: ("nvidia.com/gpu", "2")), "must be equal to nvidia.com/gpu limit of 2" },
        { "spec.template.spec.containers[0].resources.limits", j => Resources(j, requests: ("nvidia.com/gpu", "1"), limits: null), "Limit must be set for non overcommitable resources" },
        { "spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]", j => Resources(j, requests: null, limits: ("nvidia.com/gpu", "500m")), "must be an integer" },
        { "spec.template.spec.containers[0].resources.requests", j => Resources(j, requests: ("cpu", "2"), limits: ("cpu", "1")), "must be less than or equal to cpu limit of 1" },
        { "spec.template.spec.containers[0].resources.limits[gpu]", j => Resources(j, requests: null, limits: ("gpu", "1")), "must be a standard resource type or fully qualified" },
        { "spec.template.spec.containers[0].env[0].name", j => j.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A=B", Value = "1" }], "environment variable name" },
        { "spec.template.spec.tolerations[0].operator", j => j.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Value = "v" }], "value must be empty when `operator` is 'Exists'" },
        { "spec.template.spec.tolerations[0].effect", j => j.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "Sometimes" }], "Unsupported value: \"Sometimes\"" },
        { "spec.template.spec.nodeSelector", j => j.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["cloud.google.com/gke-accelerator"] = "nvidia l4" }, "a valid label must be an empty string" },
        { "spec.template.spec.serviceAccountName", j => j.Spec.Template.Spec.ServiceAccountName = "Trainer", "RFC 1123 subdomain" },
    };

    [Theory]
    [MemberData(nameof(InvalidJobs))]
    public async Task Invalid_jobs_are_422_with_the_field_at_fault(string field, Action<V1Job> breakIt, string message)
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = EmulatedCluster.Job("broken");
        breakIt(job);

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default"));

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains(status.Details.Causes, c => c.Field == field && c.Message.Contains(message, StringComparison.Ordinal));
        Assert.Empty(cluster.Emulator.Jobs("default"));
    }

    [Theory]
    [InlineData("spec.template.spec.foo", "{\"foo\":1}", "spec.template.spec")]
    [InlineData("spec.template.spec.containers[0].imagePullPolicyy", "{\"imagePullPolicyy\":\"Always\"}", "spec.template.spec.containers[0]")]
    [InlineData("spec.template.spec.containers[0].env[0].valu", "{\"valu\":\"x\"}", "spec.template.spec.containers[0].env[0]")]
    [InlineData("spec.template.spec.containers[0].resources.limit", "{\"limit\":{}}", "spec.template.spec.containers[0].resources")]
    [InlineData("spec.template.spec.tolerations[0].tolerationSecond", "{\"tolerationSecond\":3}", "spec.template.spec.tolerations[0]")]
    [InlineData("spec.template.spec.imagePullSecrets[0].nam", "{\"nam\":\"x\"}", "spec.template.spec.imagePullSecrets[0]")]
    [InlineData("metadata.label", "{\"label\":{}}", "metadata")]
    [InlineData("spec.backoffLimits", "{\"backoffLimits\":1}", "spec")]
    [InlineData("extra", "{\"extra\":true}", "")]
    public async Task Unknown_fields_anywhere_are_400_strict_decoding_errors(string unknown, string addition, string at)
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var body = JsonNode.Parse(KubernetesJson.Serialize(FullJob()))!.AsObject();
        var target = at.Length == 0 ? body : Navigate(body, at);
        foreach (var (key, value) in JsonNode.Parse(addition)!.AsObject().ToList())
        {
            target[key] = value?.DeepClone();
        }

        var (code, status) = await PostRawAsync(cluster, body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal($"Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"{unknown}\"", status["message"]!.GetValue<string>());
        Assert.Empty(cluster.Emulator.Jobs("default"));
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"backoffLimit\":\"3\"}}", "json: cannot unmarshal string into Go struct field JobSpec.spec.backoffLimit of type int32")]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"m\",\"image\":\"i\",\"resources\":{\"limits\":{\"memory\":\"lots\"}}}]}}}}", "quantities must match the regular expression")]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"template\":{\"spec\":{\"containers\":{\"name\":\"m\"}}}}}", "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container")]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"j\"}}", "Object 'Kind' is missing")]
    [InlineData("{\"apiVersion\":\"batch/v2\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"}}", "does not match the expected API version (batch/v1)")]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"", "cannot be handled as a Job")]
    public async Task Bodies_that_cannot_be_decoded_are_400(string body, string message)
    {
        await using var cluster = await EmulatedCluster.StartAsync();

        var (code, status) = await PostRawAsync(cluster, body);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains(message, status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resubmitting_a_job_read_back_from_the_server_needs_its_server_fields_stripped()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var original = await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("again"), "default");
        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("again", "default", propagationPolicy: "Background");

        var (asRead, _) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(original, "default"));
        Assert.Equal(HttpStatusCode.BadRequest, asRead); // resourceVersion set

        original.Metadata.ResourceVersion = null;
        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(original, "default"));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.template.metadata.labels" && c.Message.Contains(original.Metadata.Uid, StringComparison.Ordinal));
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.selector");

        original.Spec.Selector = null;
        original.Metadata.Labels = new Dictionary<string, string> { ["caliban.dev/experiment"] = "again" };
        original.Spec.Template.Metadata.Labels = null;
        var resubmitted = await cluster.Client.BatchV1.CreateNamespacedJobAsync(original, "default");
        Assert.NotEqual(original.Metadata.Uid, resubmitted.Metadata.Uid);
    }

    [Fact]
    public async Task FieldValidation_Warn_drops_unknown_fields_with_a_warning_header()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var body = JsonNode.Parse(KubernetesJson.Serialize(EmulatedCluster.Job("warned")))!.AsObject();
        body["spec"]!["colour"] = "blue";

        using var http = HttpWith(cluster, cluster.Emulator.Token);
        using var response = await http.PostAsync("/apis/batch/v1/namespaces/default/jobs?fieldValidation=Warn",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("unknown field \\\"spec.colour\\\"", string.Join(" ", response.Headers.GetValues("Warning")));
        Assert.Null(cluster.Emulator.Jobs("default")[0]["spec"]!["colour"]);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_401_Unauthorized()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        using var wrong = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = cluster.Emulator.Url.ToString(), AccessToken = "not-the-token" });

        var (code, status) = await ApiErrors.OfAsync(() => wrong.BatchV1.ListNamespacedJobAsync("default"));
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Equal(("Unauthorized", "Unauthorized"), (status.Reason, status.Message));

        using var anonymous = HttpWith(cluster, token: null);
        using var response = await anonymous.GetAsync("/apis/batch/v1/namespaces/default/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, cluster.Emulator.JobsCreated);
    }

    private static V1Job FullJob()
    {
        var job = EmulatedCluster.Job("strict");
        var pod = job.Spec.Template.Spec;
        pod.ImagePullSecrets = [new V1LocalObjectReference { Name = "creds" }];
        pod.Tolerations = [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        pod.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }];
        pod.Containers[0].Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } };
        return job;
    }

    private static void Resources(V1Job job, (string Name, string Value)? requests, (string Name, string Value)? limits)
    {
        job.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = requests is { } r ? new Dictionary<string, ResourceQuantity> { [r.Name] = new(r.Value) } : null,
            Limits = limits is { } l ? new Dictionary<string, ResourceQuantity> { [l.Name] = new(l.Value) } : null,
        };
    }

    private static JsonObject Navigate(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }
        return node.AsObject();
    }

    private static HttpClient HttpWith(EmulatedCluster cluster, string? token)
    {
        var http = new HttpClient { BaseAddress = cluster.Emulator.Url };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    private static async Task<(HttpStatusCode, JsonObject)> PostRawAsync(EmulatedCluster cluster, string body)
    {
        using var http = HttpWith(cluster, cluster.Emulator.Token);
        using var response = await http.PostAsync("/apis/batch/v1/namespaces/default/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        return (response.StatusCode, status);
    }
}
