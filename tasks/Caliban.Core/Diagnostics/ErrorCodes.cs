namespace Caliban.Core.Diagnostics;

/// <summary>
/// Every user-facing error and warning code, in one place. Bands: 1xxx configuration and input, 2xxx image build and
/// registry, 3xxx local engine, 4xxx Vertex AI, 5xxx Kubernetes, 6xxx job store. A test keeps them unique and
/// checks that the README documents each one. Never reuse a retired number.
/// </summary>
public static class ErrorCodes
{
    // 1xxx: configuration and input
    public const string EntryPointMissing = "CAL1001";
    public const string EntryPointNotFound = "CAL1002";
    public const string CalibanConfigInvalidJson = "CAL1003";
    public const string CalibanConfigInvalidValue = "CAL1004";
    public const string CalibanConfigUnknownKey = "CAL1005";
    public const string ExtraDirNotFound = "CAL1006";
    public const string UserDockerfileNotFound = "CAL1007";
    public const string InvalidPropertyValue = "CAL1008";
    public const string ImageNameInvalid = "CAL1009";
    public const string PyprojectUnreadable = "CAL1010";
    public const string CredentialExcluded = "CAL1101";           // warning
    public const string CalibanConfigKeyIgnored = "CAL1102";      // warning
    // 1200-1299: build context (.dockerignore, context collection)
    public const string DockerIgnorePatternInvalid = "CAL1201";
    public const string ContextRootOutsideProject = "CAL1202";
    // 1300-1399: Dockerfile model (.calibanconfig.json, entry point, dependency files)
    public const string BaseImageInvalid = "CAL1301";
    public const string ExtraNameInvalid = "CAL1302";
    public const string AptPackageInvalid = "CAL1303";
    // 1400-1499: experiment configs and experiment items (sweeps)
    public const string ExperimentConfigNotFound = "CAL1401";
    public const string ExperimentConfigUnreadable = "CAL1402";
    public const string ExperimentConfigInvalidJson = "CAL1403";
    public const string ExperimentConfigInvalidShape = "CAL1404";
    public const string ExperimentKeyInvalid = "CAL1405";
    public const string ExperimentValueInvalid = "CAL1406";
    public const string ExperimentCompoundValueNotList = "CAL1407";
    public const string ExperimentCompoundArity = "CAL1408";
    public const string ExperimentConfigTooLarge = "CAL1409";
    public const string ArgumentQuoteUnclosed = "CAL1410";
    // 1500-1599: run settings
    public const string ExperimentConfigEmpty = "CAL1501";   // warning
    public const string MountInvalid = "CAL1502";
    // 1600-1699: cloud and cluster settings shared by CalibanCloud and CalibanCluster (GPU/TPU specs, labels, names)
    public const string GpuSpecInvalid = "CAL1601";
    public const string GpuTypeUnknown = "CAL1602";
    public const string TpuSpecInvalid = "CAL1603";
    public const string TpuTypeUnknown = "CAL1604";
    public const string GpuSpecWithoutGpu = "CAL1605";
    public const string GpuAndTpuSpec = "CAL1606";
    public const string LabelInvalid = "CAL1607";
    public const string LabelsTooMany = "CAL1608";
    public const string DurationInvalid = "CAL1609";

    // 1700-1799: the caliban command line
    public const string CliUnknownFlag = "CAL1701";
    public const string CliFlagOfOtherCommand = "CAL1702";
    public const string CliUnknownCommand = "CAL1703";
    public const string CliArgumentMissing = "CAL1704";
    public const string CliFlagValueInvalid = "CAL1705";
    public const string CliModuleNotFound = "CAL1706";
    public const string CliConflictingFlags = "CAL1707";
    public const string CliLabelInvalid = "CAL1708";
    public const string CliProjectNotFound = "CAL1709";
    public const string CliProjectAmbiguous = "CAL1710";
    public const string CliNoModule = "CAL1711";
    public const string CliNoDotnetSdk = "CAL1712";
    public const string CliCalibanSdkNotFound = "CAL1713";
    public const string CliGroupRequired = "CAL1714";

    // 2xxx: image build and registry
    public const string ImageBuildStepFailed = "CAL2001";
    public const string BaseImageUnavailable = "CAL2002";
    public const string DependencyInstallFailed = "CAL2003";
    public const string ImageBuildNoImage = "CAL2004";
    public const string ImageBuildRejected = "CAL2005";
    public const string BuildContextUnreadable = "CAL2006";
    // 2100-2199: engine-side image build details
    public const string ImageNotFound = "CAL2101";
    // 2200-2299: registry push (CalibanPush) and registry credentials
    public const string PushRepositoryMissing = "CAL2201";
    public const string PushRepositoryInvalid = "CAL2202";
    public const string PushRepositoryUppercase = "CAL2203";
    public const string PushRepositoryHasTag = "CAL2204";
    public const string PushImageMissing = "CAL2205";
    public const string RegistryDenied = "CAL2210";
    public const string RegistryUnreachable = "CAL2211";
    public const string RegistryTlsFailed = "CAL2212";
    public const string RegistryNameRejected = "CAL2213";
    public const string PushFailed = "CAL2214";
    public const string PushDigestMissing = "CAL2215";
    public const string RegistryCredentialsInvalid = "CAL2220";
    public const string CredentialHelperFailed = "CAL2221";
    public const string GoogleTokenFailed = "CAL2222";


    // 3xxx: local engine
    public const string EngineUnreachable = "CAL3001";
    public const string EngineRequestFailed = "CAL3002";
    public const string DockerContextInvalid = "CAL3003";
    // 3100-3199: engine connection details
    public const string DockerHostUnsupported = "CAL3101";
    public const string DockerTlsUnsupported = "CAL3102";
    public const string DockerConfigInvalid = "CAL3103";
    // 3200-3299: running containers (local jobs)
    public const string RunImageNotFound = "CAL3201";
    public const string GpuRuntimeMissing = "CAL3202";
    public const string GpuFallbackToCpu = "CAL3203";             // warning
    public const string ContainerStartRefused = "CAL3204";
    public const string ContainerVanished = "CAL3205";
    public const string JobLogUnwritable = "CAL3206";
    public const string ContainersLeftBehind = "CAL3207";         // warning
    // 3300-3399: local runs as a whole
    public const string LocalJobsFailed = "CAL3301";
    public const string LocalRunCanceled = "CAL3302";
    // 3400-3499: interactive containers (caliban shell, caliban notebook)
    public const string NotebookPortTaken = "CAL3401";
    public const string NotebookNoFreePort = "CAL3402";
    public const string NotebookPortInvalid = "CAL3403";
    public const string NotebookExited = "CAL3404";
    public const string NotebookStartTimeout = "CAL3405";
    public const string InteractiveHomeMissing = "CAL3406";
    public const string InteractiveProjectMissing = "CAL3407";
    public const string JupyterInstallInvalid = "CAL3408";
    public const string InteractiveShellUnknown = "CAL3409";

    // 4xxx: Vertex AI
    // 4000-4099: Vertex AI REST client and Google credentials
    public const string VertexInvalidArgument = "CAL4001";
    public const string VertexUnauthenticated = "CAL4002";
    public const string VertexPermissionDenied = "CAL4003";
    public const string VertexNotFound = "CAL4004";
    public const string VertexQuotaExhausted = "CAL4005";
    public const string VertexUnavailable = "CAL4006";
    public const string VertexRequestFailed = "CAL4007";
    public const string VertexFailedPrecondition = "CAL4008";
    public const string VertexEndpointInvalid = "CAL4009";
    public const string GoogleKeyFileNotFound = "CAL4010";
    public const string GoogleKeyFileInvalid = "CAL4011";
    public const string GoogleCredentialsNotFound = "CAL4012";
    public const string GoogleTokenRefused = "CAL4013";

    // 4100-4199: Vertex AI job settings and client-side validation
    public const string CloudProjectMissing = "CAL4101";
    public const string CloudProjectInvalid = "CAL4102";
    public const string CloudRegionInvalid = "CAL4103";
    public const string MachineTypeInvalid = "CAL4104";
    public const string DiskTypeInvalid = "CAL4105";
    public const string DiskSizeInvalid = "CAL4106";
    public const string SchedulingStrategyInvalid = "CAL4107";
    public const string ServiceAccountInvalid = "CAL4108";
    public const string NetworkInvalid = "CAL4109";
    public const string OutputDirectoryInvalid = "CAL4110";
    public const string EnvironmentVariableInvalid = "CAL4111";
    public const string MachineTypeConflictsWithTpu = "CAL4112";
    public const string TpuCountNotOffered = "CAL4113";
    public const string RegionUnknown = "CAL4121";
    public const string MachineTypeUnknown = "CAL4122";
    public const string AcceleratorNotOnMachineType = "CAL4123";
    public const string AcceleratorNotInRegion = "CAL4124";
    public const string MachineTypeNeedsAccelerator = "CAL4125";
    public const string DiskSizeOutOfRange = "CAL4126";

    // 4200-4299: cloud submission as a whole (CalibanCloud)
    public const string CloudJobsNotSubmitted = "CAL4201";
    public const string CloudSubmitCanceled = "CAL4202";
    public const string CloudImageNotPushed = "CAL4203";
    public const string CloudDryRunPlaceholderImage = "CAL4204";   // warning
    public const string VertexJobRecordUnreadable = "CAL4205";
    public const string VertexRefreshFailed = "CAL4206";           // warning

    // 5xxx: Kubernetes
    // 5000-5099: cluster selection, connection and API errors
    public const string KubeConfigNotFound = "CAL5001";
    public const string KubeContextUnknown = "CAL5002";
    public const string KubeConfigInvalid = "CAL5003";
    public const string KubeUnauthorized = "CAL5004";
    public const string KubeForbidden = "CAL5005";
    public const string KubeNamespaceNotFound = "CAL5006";
    public const string KubeQuotaExceeded = "CAL5007";
    public const string KubeUnreachable = "CAL5008";
    public const string KubeRequestFailed = "CAL5009";
    public const string KubeJobRejected = "CAL5010";
    public const string KubeJobNameTaken = "CAL5011";
    public const string KubeRefreshFailed = "CAL5012";          // warning

    // 5100-5199: Job manifests, export and submit-file
    public const string KubeResourceInvalid = "CAL5101";
    public const string KubeTolerationInvalid = "CAL5102";
    public const string ClusterExportFormatInvalid = "CAL5103";
    public const string ManifestFileNotFound = "CAL5104";
    public const string ManifestFileInvalid = "CAL5105";
    public const string IndexedJobNeedsEntryPoint = "CAL5106";
    public const string ClusterImageMissing = "CAL5107";
    public const string KubeLabelInvalid = "CAL5108";

    // 5200-5299: cluster submission as a whole (CalibanCluster)
    public const string ClusterSubmissionsFailed = "CAL5201";
    public const string ClusterSubmitCanceled = "CAL5202";

    // 6xxx: job store
    // 6000-6099: the SQLite job history
    public const string JobStoreReadOnly = "CAL6001";
    public const string JobStoreCorrupt = "CAL6002";
    public const string JobStoreSchemaTooNew = "CAL6003";
    public const string JobStoreLocked = "CAL6004";
    public const string JobStoreIoFailed = "CAL6005";
    public const string JobStorePathInvalid = "CAL6006";
    public const string JobNotFound = "CAL6007";
    // 6100-6199: job-history commands (status, stop, resubmit, logs)
    public const string JobBackendUnknown = "CAL6101";       // warning
    public const string ExperimentGroupNotFound = "CAL6102";
    public const string ResubmitNeedsGroup = "CAL6103";
    public const string NothingToResubmit = "CAL6105";        // warning
}
