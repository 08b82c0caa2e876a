using System.CommandLine;

namespace Caliban.Cli.Parsing;

/// <summary>
/// Every flag the tool knows, spelled as Caliban spells them (underscores, `--nogpu`). One instance per flag; a flag
/// shared by several commands is the same object in each, so mapping reads it the same way everywhere.
/// </summary>
internal sealed class CliOptions
{
    // Global (recursive) flags of this tool.
    public readonly Option<string?> Project = new("--project") { Description = "The project file (or its folder) to use; default: the *.calibanproj in the current folder, else the folder as a plain Caliban repo.", HelpName = "PATH", Recursive = true };
    public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show MSBuild's detailed output instead of the summary.", Recursive = true };
    public readonly Option<string?> Binlog = new("--binlog") { Description = "Also write an MSBuild binary log (default caliban.binlog).", HelpName = "PATH", Arity = ArgumentArity.ZeroOrOne, Recursive = true };

    // Image building.
    public readonly Option<bool> NoGpu = new("--nogpu") { Description = "CPU mode: CPU base image, no GPU attached (CalibanUseGpu=false)." };
    public readonly Option<string?> CloudKey = new("--cloud_key") { Description = "Service-account JSON key for Google Cloud (CalibanCloudKeyFile).", HelpName = "PATH" };
    public readonly Option<string[]> Extras = new("--extras") { Description = "An extras group of setup.py/pyproject.toml to install; repeatable (CalibanExtras).", HelpName = "NAME" };
    public readonly Option<bool> NoCache = new("--no_cache") { Description = "Build without the engine's layer cache (CalibanNoCache)." };
    public readonly Option<string[]> Dirs = new("--dir", "-d") { Description = "An extra directory copied into the image; repeatable, large to small (CalibanExtraDir).", HelpName = "DIR" };

    // Jobs.
    public readonly Option<string?> ExperimentConfig = new("--experiment_config") { Description = "Experiment sweep (JSON with comments), or 'stdin' (CalibanExperimentConfig).", HelpName = "PATH" };
    public readonly Option<bool> DryRun = new("--dry_run") { Description = "Show what would happen; build, start, submit and record nothing (CalibanDryRun)." };
    public readonly Option<string?> ImageId = new("--image_id") { Description = "Run this local image instead of building one (CalibanImage).", HelpName = "ID" };
    public readonly Option<string?> ImageTag = new("--image_tag") { Description = "Use this registry image instead of building and pushing (CalibanImage).", HelpName = "IMAGE" };
    public readonly Option<string?> XGroup = new("--xgroup") { Description = "Experiment group the jobs belong to (CalibanExperimentGroup).", HelpName = "NAME" };

    // Cloud and cluster.
    public readonly Option<string?> ProjectId = new("--project_id") { Description = "Google Cloud project (CalibanCloudProject; default $PROJECT_ID).", HelpName = "ID" };
    public readonly Option<string?> Region = new("--region") { Description = "Vertex AI region (CalibanCloudRegion; default $REGION, else us-central1).", HelpName = "REGION" };
    public readonly Option<string?> MachineType = new("--machine_type") { Description = "Machine type (CalibanMachineType), e.g. n1-standard-8.", HelpName = "TYPE" };
    public readonly Option<string?> GpuSpec = new("--gpu_spec") { Description = "GPUs per job as COUNTxTYPE, e.g. 2xV100 (CalibanGpuSpec).", HelpName = "NxTYPE" };
    public readonly Option<string?> TpuSpec = new("--tpu_spec") { Description = "TPUs per job as COUNTxTYPE, e.g. 8xV3 (CalibanTpuSpec).", HelpName = "NxTYPE" };
    public readonly Option<bool> Force = new("--force") { Description = "Skip the client-side checks of machine, accelerator and region (CalibanSkipValidation)." };
    public readonly Option<string?> Name = new("--name") { Description = "Job name (CalibanJobName).", HelpName = "NAME" };
    public readonly Option<string[]> Labels = new("--label", "-l") { Description = "A label KEY=VALUE on every job; repeatable (CalibanLabel).", HelpName = "KEY=VALUE" };
    public readonly Option<string?> ClusterName = new("--cluster_name") { Description = "The kubeconfig context of the cluster (CalibanKubeContext).", HelpName = "CONTEXT" };
    public readonly Option<string?> Namespace = new("--namespace") { Description = "Kubernetes namespace (CalibanKubeNamespace).", HelpName = "NAMESPACE" };
    public readonly Option<int?> MinCpu = new("--min_cpu") { Description = "CPU per job in milli-CPU (CalibanMinCpu).", HelpName = "MILLICPU" };
    public readonly Option<int?> MinMem = new("--min_mem") { Description = "Memory per job in MB (CalibanMinMemory).", HelpName = "MB" };
    public readonly Option<bool> Nonpreemptible = new("--nonpreemptible") { Description = "Run on regular nodes, not spot ones (CalibanSpot=false)." };

    // History.
    public readonly Option<int?> MaxJobs = new("--max_jobs") { Description = "How many jobs to show; 0 = all (default 8, or 1 per experiment with --xgroup).", HelpName = "N" };
    public readonly Option<bool> AllJobs = new("--all_jobs") { Description = "Resubmit every experiment's latest job, not only FAILED and STOPPED ones (CalibanResubmitAll)." };
    public readonly Option<bool> Yes = new("--yes", "-y") { Description = "Do not ask for confirmation." };

    // Interactive.
    public readonly Option<int?> Port = new("--port", "-p") { Description = "Port for Jupyter (default: the first free port from 8888).", HelpName = "PORT" };
    public readonly Option<bool> Lab = new("--lab") { Description = "JupyterLab instead of the classic notebook." };
    public readonly Option<string?> JupyterVersion = new("--jupyter_version", "-jv") { Description = "Install this Jupyter version (pip pin).", HelpName = "VERSION" };
    public readonly Option<bool> Bare = new("--bare") { Description = "Do not mount your home folder into the container." };
    public readonly Option<string?> Shell = new("--shell") { Description = "The shell to start: bash or zsh (default: zsh when $SHELL is zsh and home is mounted, else bash).", HelpName = "bash|zsh" };

    // Expansion.
    public readonly Option<bool> Pprint = new("--pprint") { Description = "Indented JSON." };
    public readonly Option<bool> PrintFlags = new("--print_flags") { Description = "One line of flags per job, as the program receives them." };

    public CliOptions()
    {
        Extras.AllowMultipleArgumentsPerToken = false;
        Dirs.AllowMultipleArgumentsPerToken = false;
        Labels.AllowMultipleArgumentsPerToken = false;
        Shell.AcceptOnlyFromAmong("bash", "zsh");
    }
}
