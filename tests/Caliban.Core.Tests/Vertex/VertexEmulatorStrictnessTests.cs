using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Caliban.Core.Diagnostics;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

namespace Caliban.Core.Tests.Vertex;

/// <summary>The emulator refuses what the real service refuses, so client bugs show up in tests.</summary>
public sealed class VertexEmulatorStrictnessTests
{
    private const string Valid = """
        {"displayName": "d", "jobSpec": {"workerPoolSpecs": [{"machineSpec": {"machineType": "n1-standard-4"},
         "replicaCount": 1, "containerSpec": {"imageUri": "img"}}]}}
        """;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(VertexEmulator emulator, string body, string? query = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseUrl, $"v1/{emulator.Parent()}/customJobs{query}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", emulator.Token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text));
    }

    private static JsonObject Body(Action<JsonObject> change)
    {
        var body = JsonNode.Parse(Valid)!.AsObject();
        change(body);
        return body;
    }

    private static JsonObject Pool(JsonObject body) => body["jobSpec"]!["workerPoolSpecs"]![0]!.AsObject();

    [Fact]
    public async Task A_valid_body_with_replica_count_as_number_or_string_and_proto_names_is_accepted()
    {
        await using var emulator = await VertexEmulator.StartAsync();

        var asNumber = await PostAsync(emulator, Valid);
        var asString = await PostAsync(emulator, Body(b => Pool(b)["replicaCount"] = "1").ToJsonString());
        var protoNames = await PostAsync(emulator, """
            {"display_name": "p", "job_spec": {"worker_pool_specs": [{"machine_spec": {"machine_type": "n1-standard-4"},
             "replica_count": "1", "container_spec": {"image_uri": "img"}}]}}
            """);

        Assert.Equal(HttpStatusCode.OK, asNumber.Status);
        Assert.Equal(HttpStatusCode.OK, asString.Status);
        Assert.Equal(HttpStatusCode.OK, protoNames.Status);
        Assert.Equal("p", (string?)protoNames.Body!["displayName"]);
        Assert.Equal(3, emulator.CreatedJobs);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"displayName":"d","color":"red","jobSpec":{}}""", "Unknown name \"color\" at 'custom_job': Cannot find field." },
        { Body(b => Pool(b)["machineSpec"]!["gpu"] = 1).ToJsonString(), "Unknown name \"gpu\" at 'custom_job.job_spec.worker_pool_specs[0].machine_spec': Cannot find field." },
        { Body(b => b["jobSpec"]!["scheduling"] = new JsonObject { ["timeout"] = "1h" }).ToJsonString(), "Invalid value at 'custom_job.job_spec.scheduling.timeout' (type.googleapis.com/google.protobuf.Duration), \"1h\"" },
        { Body(b => b["jobSpec"]!["scheduling"] = new JsonObject { ["strategy"] = "CHEAP" }).ToJsonString(), "Invalid value at 'custom_job.job_spec.scheduling.strategy'" },
        { Body(b => Pool(b)["machineSpec"]!["acceleratorType"] = "NVIDIA_TESLA_X1").ToJsonString(), "(type.googleapis.com/google.cloud.aiplatform.v1.AcceleratorType), \"NVIDIA_TESLA_X1\"" },
        { Body(b => Pool(b)["replicaCount"] = "one").ToJsonString(), "Invalid value at 'custom_job.job_spec.worker_pool_specs[0].replica_count' (TYPE_INT64), \"one\"" },
        { Body(b => b["displayName"] = 5).ToJsonString(), "Invalid value at 'custom_job.display_name' (TYPE_STRING), 5" },
        { Body(b => b.Remove("displayName")).ToJsonString(), "custom_job.display_name; Message: Required field is not set." },
        { Body(b => b["displayName"] = new string('n', 129)).ToJsonString(), "no longer than 128 characters" },
        { Body(b => b["jobSpec"]!["workerPoolSpecs"] = new JsonArray()).ToJsonString(), "At least one worker pool spec" },
        { Body(b => Pool(b).Remove("machineSpec")).ToJsonString(), "worker_pool_specs[0].machine_spec.machine_type; Message: Required field is not set." },
        { Body(b => Pool(b)["containerSpec"]!.AsObject().Remove("imageUri")).ToJsonString(), "container_spec.image_uri; Message: Required field is not set." },
        { Body(b => Pool(b)["replicaCount"] = 0).ToJsonString(), "Replica count must be positive." },
        { Body(b => Pool(b).Remove("replicaCount")).ToJsonString(), "Replica count must be positive." },
        { Body(b => Pool(b)["machineSpec"]!["acceleratorType"] = "NVIDIA_L4").ToJsonString(), "Accelerator count must be positive" },
        { Body(b => b["labels"] = new JsonObject { ["Owner"] = "x" }).ToJsonString(), "Label key \"Owner\" is invalid" },
        { Body(b => b["labels"] = new JsonObject { ["1st"] = "x" }).ToJsonString(), "Label key \"1st\" is invalid" },
        { Body(b => b["labels"] = new JsonObject { [new string('k', 64)] = "x" }).ToJsonString(), "is invalid: keys must be 1-63 characters long" },
        { Body(b => b["labels"] = new JsonObject { ["k"] = new string('v', 64) }).ToJsonString(), "values can be at most 63 characters" },
        { Body(b => b["labels"] = new JsonObject { ["k"] = "Has Space" }).ToJsonString(), "Label value \"Has Space\" of key \"k\" is invalid" },
        { Body(b => b["labels"] = new JsonObject { ["aiplatform.googleapis.com/x"] = "1" }).ToJsonString(), "are reserved for system labels" },
        { Body(b => b["labels"] = new JsonObject(Enumerable.Range(0, 65).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v")))).ToJsonString(), "At most 64 labels" },
        { "{not json", "Invalid JSON payload received. Unexpected token." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_body_the_service_would_refuse_gets_its_400(string body, string expected)
    {
        await using var emulator = await VertexEmulator.StartAsync();

        var (status, answer) = await PostAsync(emulator, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, (int?)answer!["error"]!["code"]);
        Assert.Equal("INVALID_ARGUMENT", (string?)answer["error"]!["status"]);
        Assert.Contains(expected, (string?)answer["error"]!["message"]);
        Assert.Equal(0, emulator.CreatedJobs);
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_refused()
    {
        await using var emulator = await VertexEmulator.StartAsync();

        var (status, answer) = await PostAsync(emulator, Valid, "?validateOnly=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Unknown name \"validateOnly\": Cannot bind query parameter", (string?)answer!["error"]!["message"]);
    }

    [Fact]
    public async Task Label_violations_reach_the_user_as_CAL_errors_with_Googles_message()
    {
        await using var vertex = await VertexHarness.StartAsync();

        var error = await Assert.ThrowsAsync<VertexApiException>(() =>
            vertex.CreateAsync("labels", labels: new Dictionary<string, string> { ["Experiment"] = "1" }));
        var user = VertexErrors.ToCalibanException(error, "creating job 0 (labels)");

        Assert.Equal(ErrorCodes.VertexInvalidArgument, user.Code);
        Assert.Contains(error.Message, user.Message);
        Assert.Contains("Label key \"Experiment\" is invalid", user.Message);
        Assert.Contains("creating job 0 (labels)", user.Message);
    }

    [Fact]
    public async Task A_thousand_creates_eight_at_a_time_take_a_few_seconds_at_most()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await vertex.Client.CreateAsync(vertex.Parent, VertexHarness.Job($"bulk-{i}"), ct));

        Assert.Equal(1000, vertex.Emulator.CreatedJobs);
        Assert.Equal(1000, vertex.Emulator.Jobs.Select(job => (string?)job["name"]).Distinct().Count());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"1,000 creates took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Random_failures_hit_a_share_of_requests_and_some_creates_fail_after_the_job_was_stored()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { FailureRate = 0.3, Seed = 7 });
        var answered = 0;
        var transient = 0;

        for (var i = 0; i < 300; i++)
        {
            try
            {
                await vertex.CreateAsync($"r-{i}");
                answered++;
            }
            catch (VertexApiException error) when (error.IsTransient)
            {
                transient++;
            }
        }

        Assert.Equal(300, vertex.Emulator.CreateRequests);
        Assert.InRange(transient, 60, 120);
        Assert.True(vertex.Emulator.CreatedJobs > answered, "some creates were stored although the client saw a failure");
        Assert.True(vertex.Emulator.CreatedJobs < 300);
    }

    [Fact]
    public async Task Latency_is_added_to_every_request()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { Latency = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        await vertex.ListAsync(null);
        vertex.Emulator.Latency = TimeSpan.Zero;
        var slow = clock.Elapsed;
        clock.Restart();
        await vertex.ListAsync(null);

        Assert.True(slow >= TimeSpan.FromMilliseconds(190), $"{slow.TotalMilliseconds} ms");
        Assert.True(clock.Elapsed < slow);
    }
}
