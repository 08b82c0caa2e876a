namespace Caliban.Emulators.Vertex;

/// <summary>google.cloud.aiplatform.v1.CustomJob and the messages inside it (custom_job.proto, machine_resources.proto).</summary>
internal static class CustomJobSchema
{
    private const string Package = "google.cloud.aiplatform.v1.";

    public static readonly ProtoEnum AcceleratorType = new(Package + "AcceleratorType",
    [
        "ACCELERATOR_TYPE_UNSPECIFIED", "NVIDIA_TESLA_K80", "NVIDIA_TESLA_P100", "NVIDIA_TESLA_V100", "NVIDIA_TESLA_P4",
        "NVIDIA_TESLA_T4", "NVIDIA_TESLA_A100", "NVIDIA_A100_80GB", "NVIDIA_L4", "NVIDIA_H100_80GB", "NVIDIA_H100_MEGA_80GB",
        "NVIDIA_H200_141GB", "NVIDIA_B200", "NVIDIA_GB200", "NVIDIA_RTX_PRO_6000", "TPU_V2", "TPU_V3", "TPU_V4_POD", "TPU_V5_LITEPOD",
    ]);

    public static readonly ProtoEnum Strategy = new(Package + "Scheduling.Strategy",
        ["STRATEGY_UNSPECIFIED", "ON_DEMAND", "LOW_COST", "STANDARD", "SPOT", "FLEX_START"]);

    public static readonly ProtoEnum JobState = new(Package + "JobState",
    [
        "JOB_STATE_UNSPECIFIED", "JOB_STATE_QUEUED", "JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED",
        "JOB_STATE_FAILED", "JOB_STATE_CANCELLING", "JOB_STATE_CANCELLED", "JOB_STATE_PAUSED", "JOB_STATE_EXPIRED",
        "JOB_STATE_UPDATING", "JOB_STATE_PARTIALLY_SUCCEEDED",
    ]);

    private static readonly ProtoEnum ReservationAffinityType = new(Package + "ReservationAffinity.Type",
        ["TYPE_UNSPECIFIED", "NO_RESERVATION", "ANY_RESERVATION", "SPECIFIC_RESERVATION"]);

    private static ProtoField Text(string name) => new(name, ProtoKind.String);
    private static ProtoField Texts(string name) => new(name, ProtoKind.String, Repeated: true);
    private static ProtoField Flag(string name) => new(name, ProtoKind.Bool);
    private static ProtoField Of(string name, ProtoMessage message, bool repeated = false) => new(name, ProtoKind.Message, repeated) { Message = message };
    private static ProtoField OneOf(string name, ProtoEnum values) => new(name, ProtoKind.Enum) { Enum = values };

    private static readonly ProtoMessage EnvVar = new ProtoMessage(Package + "EnvVar").Add(Text("name")).Add(Text("value"));

    private static readonly ProtoMessage ContainerSpec = new ProtoMessage(Package + "ContainerSpec")
        .Add(Text("image_uri")).Add(Texts("command")).Add(Texts("args")).Add(Of("env", EnvVar, repeated: true));

    private static readonly ProtoMessage PythonPackageSpec = new ProtoMessage(Package + "PythonPackageSpec")
        .Add(Text("executor_image_uri")).Add(Texts("package_uris")).Add(Text("python_module")).Add(Texts("args"))
        .Add(Of("env", EnvVar, repeated: true));

    private static readonly ProtoMessage ReservationAffinity = new ProtoMessage(Package + "ReservationAffinity")
        .Add(OneOf("reservation_affinity_type", ReservationAffinityType)).Add(Text("key")).Add(Texts("values"));

    private static readonly ProtoMessage MachineSpec = new ProtoMessage(Package + "MachineSpec")
        .Add(Text("machine_type")).Add(OneOf("accelerator_type", AcceleratorType)).Add(new("accelerator_count", ProtoKind.Int32))
        .Add(Text("tpu_topology")).Add(Of("reservation_affinity", ReservationAffinity));

    private static readonly ProtoMessage DiskSpec = new ProtoMessage(Package + "DiskSpec")
        .Add(Text("boot_disk_type")).Add(new("boot_disk_size_gb", ProtoKind.Int32));

    private static readonly ProtoMessage NfsMount = new ProtoMessage(Package + "NfsMount")
        .Add(Text("server")).Add(Text("path")).Add(Text("mount_point"));

    private static readonly ProtoMessage WorkerPoolSpec = new ProtoMessage(Package + "WorkerPoolSpec")
        .Add(Of("container_spec", ContainerSpec)).Add(Of("python_package_spec", PythonPackageSpec)).Add(Of("machine_spec", MachineSpec))
        .Add(new("replica_count", ProtoKind.Int64)).Add(Of("nfs_mounts", NfsMount, repeated: true)).Add(Of("disk_spec", DiskSpec));

    private static readonly ProtoMessage Scheduling = new ProtoMessage(Package + "Scheduling")
        .Add(new("timeout", ProtoKind.Duration)).Add(Flag("restart_job_on_worker_restart")).Add(OneOf("strategy", Strategy))
        .Add(Flag("disable_retries")).Add(new("max_wait_duration", ProtoKind.Duration));

    private static readonly ProtoMessage GcsDestination = new ProtoMessage(Package + "GcsDestination").Add(Text("output_uri_prefix"));

    private static readonly ProtoMessage CustomJobSpec = new ProtoMessage(Package + "CustomJobSpec")
        .Add(Text("persistent_resource_id")).Add(Of("worker_pool_specs", WorkerPoolSpec, repeated: true)).Add(Of("scheduling", Scheduling))
        .Add(Text("service_account")).Add(Text("network")).Add(Texts("reserved_ip_ranges")).Add(Of("base_output_directory", GcsDestination))
        .Add(Text("protected_artifact_location_id")).Add(Text("tensorboard")).Add(Flag("enable_web_access"))
        .Add(Flag("enable_dashboard_access")).Add(Text("experiment")).Add(Text("experiment_run")).Add(Texts("models"));

    private static readonly ProtoMessage Status = new ProtoMessage("google.rpc.Status")
        .Add(new("code", ProtoKind.Int32)).Add(Text("message")).Add(new("details", ProtoKind.Any, Repeated: true));

    private static readonly ProtoMessage EncryptionSpec = new ProtoMessage(Package + "EncryptionSpec").Add(Text("kms_key_name"));

    public static readonly ProtoMessage CustomJob = new ProtoMessage(Package + "CustomJob")
        .Add(Text("name")).Add(Text("display_name")).Add(Of("job_spec", CustomJobSpec)).Add(OneOf("state", JobState))
        .Add(new("create_time", ProtoKind.Timestamp)).Add(new("start_time", ProtoKind.Timestamp)).Add(new("end_time", ProtoKind.Timestamp))
        .Add(new("update_time", ProtoKind.Timestamp)).Add(Of("error", Status)).Add(new("labels", ProtoKind.StringMap))
        .Add(Of("encryption_spec", EncryptionSpec)).Add(new("web_access_uris", ProtoKind.StringMap))
        .Add(Flag("satisfies_pzs")).Add(Flag("satisfies_pzi"));

    /// <summary>Fields the service sets; in a create body they are ignored, as the service ignores them.</summary>
    public static readonly string[] OutputOnly =
        ["name", "state", "createTime", "startTime", "endTime", "updateTime", "error", "webAccessUris", "satisfiesPzs", "satisfiesPzi"];
}
