using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// /apis/batch/v1/namespaces/{ns}/jobs[/{name}[/status]]: create (decode → namespace → defaults → validation →
/// quota → uniqueness, in the real server's order), list/watch, get, get status and delete.
/// </summary>
internal sealed class JobEndpoints(KubeApiEmulator emulator)
{
    private const string CannotHandle = "Job in version \"v1\" cannot be handled as a Job: ";
    private static readonly KubeResource DeleteOptionsResource = new("meta.k8s.io", "v1", "deleteoptions", "DeleteOptions");

    private KubeStore Store => emulator.Store;

    public async Task<KubeReply> CreateAsync(KubeRoute route, HttpRequest request)
    {
        var ns = route.Namespace!;
        var (decoded, warnings) = await DecodeAsync(request);
        var job = decoded.Object;
        lock (Store.Gate)
        {
            if (Store.Namespace(ns) is null)
            {
                throw KubeApiError.NotFound(KubeResource.Namespaces, ns);
            }
        }
        var metadata = job.ObjOrCreate("metadata");
        if (metadata.Str("namespace") is { Length: > 0 } given && given != ns)
        {
            throw KubeApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        if (metadata.Str("resourceVersion") is { Length: > 0 })
        {
            throw KubeApiError.BadRequest("resourceVersion should not be set on objects to be created");
        }
        JobDefaults.ApplySchemeDefaults(job);

        string name;
        string uid = Guid.NewGuid().ToString();
        lock (Store.Gate)
        {
            name = metadata.Str("name") is { Length: > 0 } explicitName
                ? explicitName
                : metadata.Str("generateName") is { Length: > 0 } prefix
                    ? (prefix.Length > 58 ? prefix[..58] : prefix) + RandomSuffix()
                    : "";
        }
        JobDefaults.PrepareForCreate(job, name, ns, uid, DateTimeOffset.UtcNow);
        if (name.Length == 0)
        {
            metadata.Remove("name");
        }
        var causes = JobValidator.Validate(job);
        if (causes.Count > 0)
        {
            throw KubeApiError.Invalid(KubeResource.Jobs, name, causes);
        }
        JobDefaults.CopyTemplateLabels(job);

        var dryRun = request.Query["dryRun"].ToString() == "All";
        lock (Store.Gate)
        {
            var nsRecord = Store.Namespace(ns) ?? throw KubeApiError.NotFound(KubeResource.Namespaces, ns);
            if (!dryRun && emulator.QuotaFor(ns) is { } max && nsRecord.Jobs.Count >= max)
            {
                throw KubeApiError.Forbidden(KubeResource.Jobs, name,
                    $"exceeded quota: caliban-job-quota, requested: count/jobs.batch=1, used: count/jobs.batch={nsRecord.Jobs.Count}, limited: count/jobs.batch={max}");
            }
            if (nsRecord.Jobs.ContainsKey(name))
            {
                throw KubeApiError.AlreadyExists(KubeResource.Jobs, name);
            }
            if (dryRun)
            {
                return WithWarnings(KubeReply.Json(job, 201), warnings);
            }
            var record = new JobRecord(job);
            nsRecord.Jobs[name] = record;
            Store.Publish(KubeResource.Jobs, ns, "ADDED", job);
            emulator.CountJobCreated();
            return WithWarnings(KubeReply.Json(job.DeepClone(), 201), warnings);
        }
    }

    public KubeReply List(KubeRoute route, HttpRequest request) =>
        ListAndWatch.Reply(Store, KubeResource.Jobs, route.Namespace!, request.Query, ns => ns.Jobs.Values.Select(j => j.Object));

    public KubeReply Get(KubeRoute route)
    {
        lock (Store.Gate)
        {
            return KubeReply.Json(Find(route).Object.DeepClone());
        }
    }

    public async Task<KubeReply> DeleteAsync(KubeRoute route, HttpRequest request)
    {
        var options = await ReadDeleteOptionsAsync(request);
        var policy = PropagationPolicy(options);
        lock (Store.Gate)
        {
            var job = Find(route);
            if (options.Obj("preconditions").Str("uid") is { } uid && uid != job.Uid)
            {
                throw KubeApiError.Conflict(KubeResource.Jobs, job.Name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {job.Uid}");
            }
            if (options["dryRun"] is JsonArray { Count: > 0 } || request.Query["dryRun"].ToString() == "All")
            {
                return KubeReply.Json(job.Object.DeepClone());
            }
            return KubeReply.Json(emulator.Controller.Delete(job, policy, DateTimeOffset.UtcNow));
        }
    }

    private JobRecord Find(KubeRoute route) =>
        Store.Namespace(route.Namespace!)?.Jobs.GetValueOrDefault(route.Name!) ?? throw KubeApiError.NotFound(KubeResource.Jobs, route.Name!);

    private async Task<(DecodeResult Result, IReadOnlyList<string> Warnings)> DecodeAsync(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        if (mediaType != "application/json")
        {
            throw new KubeApiError(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }
        var validation = request.Query["fieldValidation"].ToString() is { Length: > 0 } asked ? asked : emulator.DefaultFieldValidation;
        if (validation is not ("Strict" or "Warn" or "Ignore"))
        {
            throw KubeApiError.BadRequest($"fieldValidation parameter unsupported: {validation}");
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body);
        }
        catch (JsonException e)
        {
            throw KubeApiError.BadRequest(CannotHandle + "json: " + e.Message);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var raw = root.GetRawText();
                if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString()!.Length == 0)
                {
                    throw KubeApiError.BadRequest($"Object 'Kind' is missing in '{raw}'");
                }
                if (!root.TryGetProperty("apiVersion", out var apiVersion) || apiVersion.ValueKind != JsonValueKind.String || apiVersion.GetString()!.Length == 0)
                {
                    throw KubeApiError.BadRequest($"Object 'apiVersion' is missing in '{raw}'");
                }
                if (apiVersion.GetString() != "batch/v1")
                {
                    throw KubeApiError.BadRequest($"the API version in the data ({apiVersion.GetString()}) does not match the expected API version (batch/v1)");
                }
                if (kind.GetString() != "Job")
                {
                    throw KubeApiError.BadRequest($"the kind in the data ({kind.GetString()}) does not match the expected kind (Job)");
                }
            }
            DecodeResult result;
            try
            {
                result = StrictDecoder.Decode(root);
            }
            catch (DecodeException e)
            {
                throw KubeApiError.BadRequest(CannotHandle + e.Message);
            }
            if (result.StrictError is { } strict && validation == "Strict")
            {
                throw KubeApiError.BadRequest(CannotHandle + strict);
            }
            var warnings = validation == "Warn"
                ? result.UnknownFields.Select(f => $"unknown field \"{f}\"").Concat(result.DuplicateFields.Select(f => $"duplicate field \"{f}\"")).ToList()
                : [];
            return (result, warnings);
        }
    }

    private static KubeReply WithWarnings(KubeReply reply, IReadOnlyList<string> warnings) =>
        warnings.Count == 0
            ? reply
            : new KubeReply
            {
                StatusCode = reply.StatusCode,
                Body = reply.Body,
                Headers = new Dictionary<string, string>
                {
                    ["Warning"] = string.Join(",", warnings.Select(w => $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"")),
                },
            };

    private static async Task<JsonObject> ReadDeleteOptionsAsync(HttpRequest request)
    {
        var options = new JsonObject();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (body.Trim().Length > 0)
        {
            try
            {
                options = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                throw KubeApiError.BadRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: " + e.Message);
            }
        }
        else
        {
            if (request.Query["propagationPolicy"].ToString() is { Length: > 0 } policy)
            {
                options["propagationPolicy"] = policy;
            }
            if (request.Query["orphanDependents"].ToString() is { Length: > 0 } orphan)
            {
                options["orphanDependents"] = ListAndWatch.IsTrue(orphan);
            }
        }
        return options;
    }

    /// <summary>The policy asked for; for batch/v1 Jobs the server's default is Orphan (pods stay).</summary>
    private static string PropagationPolicy(JsonObject options)
    {
        var policy = options.Str("propagationPolicy");
        var orphan = options.Bool("orphanDependents");
        if (policy is not null && orphan is not null)
        {
            throw KubeApiError.Invalid(DeleteOptionsResource, "", [FieldCause.Invalid("propagationPolicy", policy,
                "orphanDependents and deletionPropagation cannot be both set")]);
        }
        if (policy is not null && policy is not ("Foreground" or "Background" or "Orphan"))
        {
            throw KubeApiError.Invalid(DeleteOptionsResource, "",
                [FieldCause.NotSupported("propagationPolicy", policy, "Foreground", "Background", "Orphan", "nil")]);
        }
        return policy ?? (orphan == false ? "Background" : "Orphan");
    }

    private string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string(Enumerable.Range(0, 5).Select(_ => alphabet[emulator.Random.Next(alphabet.Length)]).ToArray());
    }
}
