using System.CommandLine;
using System.CommandLine.Help;

namespace Caliban.Cli.Parsing;

/// <summary>
/// The command tree as Caliban has it (caliban-behaviour.md §1), each command with the flags Caliban gives it (plus
/// this tool's own `--project`, `-v`, `--binlog`, `--yes`), and examples shown under its help.
/// </summary>
internal sealed class CommandTree
{
    private readonly Dictionary<Command, CliCommand> _leaves = new();
    private readonly Dictionary<Command, string[]> _examples = new();

    public CommandTree()
    {
        var o = Options;
        Root = new RootCommand("caliban: build Python research code into container images and run its experiments locally, on Vertex AI or on Kubernetes — Caliban's commands over the Caliban.Sdk MSBuild targets.");
        Root.Add(o.Project);
        Root.Add(o.Verbose);
        Root.Add(o.Binlog);

        Add(Root, CliCommand.Build, "build", "Build the image (no push, no jobs).",
            [o.NoGpu, o.CloudKey, o.Extras, o.NoCache, o.Dirs], module: true,
            "caliban build trainer.train", "caliban build trainer.train --nogpu -d data --extras tf");
        Add(Root, CliCommand.Run, "run", "Build the image and run each experiment in its own container on the local engine.",
            [o.NoGpu, o.CloudKey, o.Extras, o.NoCache, o.Dirs, o.ExperimentConfig, o.DryRun, o.ImageId, o.XGroup], module: true,
            "caliban run trainer.train", "caliban run trainer.train --experiment_config sweep.json --xgroup mnist -- --epochs 3",
            "echo '{\"lr\": [0.1, 0.01]}' | caliban run trainer.train --experiment_config stdin --dry_run");
        Add(Root, CliCommand.Cloud, "cloud", "Build and push the image, then submit each experiment as a Vertex AI custom job.",
            [o.NoGpu, o.CloudKey, o.Extras, o.NoCache, o.Dirs, o.ExperimentConfig, o.DryRun, o.ImageTag, o.XGroup,
             o.ProjectId, o.Region, o.MachineType, o.GpuSpec, o.TpuSpec, o.Force, o.Name, o.Labels], module: true,
            "caliban cloud trainer.train --project_id my-project --gpu_spec 2xV100",
            "caliban cloud trainer.train --experiment_config sweep.json --nogpu -l team=vision --dry_run");

        var cluster = new Command("cluster", "Kubernetes: submit experiments as Jobs, list them.");
        Root.Add(cluster);
        var job = new Command("job", "Kubernetes Jobs.");
        cluster.Add(job);
        Add(job, CliCommand.ClusterJobSubmit, "submit", "Build and push the image, then submit each experiment as a Kubernetes Job.",
            [o.ClusterName, o.Namespace, o.NoGpu, o.CloudKey, o.Extras, o.Dirs, o.ImageTag, o.ProjectId, o.MinCpu, o.MinMem,
             o.GpuSpec, o.TpuSpec, o.Force, o.Name, o.ExperimentConfig, o.Labels, o.Nonpreemptible, o.DryRun, o.XGroup], module: true,
            "caliban cluster job submit trainer.train --gpu_spec 1xT4 --experiment_config sweep.json",
            "caliban cluster job submit trainer.train --cluster_name my-context --nogpu --min_cpu 2000 --min_mem 4000 --dry_run");
        Add(job, CliCommand.ClusterJobSubmitFile, "submit_file", "Submit a Job manifest (.yaml or .json) as it is.",
            [o.ClusterName, o.Namespace, o.CloudKey, o.ProjectId, o.DryRun], module: false,
            "caliban cluster job submit_file job.yaml", "caliban cluster job submit_file job.json --cluster_name my-context --dry_run");
        _jobFile.HelpName = "job_file";
        Find(job, "submit_file").Add(_jobFile);
        Add(job, CliCommand.ClusterJobList, "ls", "List the Kubernetes Jobs in the job history, refreshed.",
            [o.ClusterName, o.XGroup, o.MaxJobs], module: false,
            "caliban cluster job ls", "caliban cluster job ls --xgroup mnist --max_jobs 0");
        var pod = new Command("pod", "Pods of the Kubernetes Jobs.");
        cluster.Add(pod);
        Add(pod, CliCommand.ClusterPodList, "ls", "List the pods of the Kubernetes Jobs in the job history.",
            [o.ClusterName, o.Namespace, o.XGroup], module: false,
            "caliban cluster pod ls", "caliban cluster pod ls --xgroup mnist");

        Add(Root, CliCommand.Status, "status", "Show the job history, refreshed: group → experiment → job.",
            [o.XGroup, o.MaxJobs], module: false,
            "caliban status", "caliban status --xgroup mnist --max_jobs 0");
        Add(Root, CliCommand.Stop, "stop", "Stop running jobs (of one group, or all of yours).",
            [o.XGroup, o.DryRun, o.Yes], module: false,
            "caliban stop --xgroup mnist", "caliban stop --dry_run", "caliban stop --xgroup mnist --yes");
        Add(Root, CliCommand.Resubmit, "resubmit", "Run a group's FAILED and STOPPED jobs again on an image rebuilt from the current code.",
            [o.XGroup, o.DryRun, o.AllJobs, o.ProjectId, o.CloudKey, o.Yes], module: false,
            "caliban resubmit --xgroup mnist", "caliban resubmit --xgroup mnist --all_jobs --yes");
        Add(Root, CliCommand.Shell, "shell", "An interactive shell in the project's image, with this folder mounted at /usr/app.",
            [o.NoGpu, o.CloudKey, o.Extras, o.NoCache, o.ImageId, o.Bare, o.Shell], module: false,
            "caliban shell", "caliban shell --nogpu --bare --shell bash");
        Add(Root, CliCommand.Notebook, "notebook", "Jupyter in the project's image, with this folder mounted at /usr/app.",
            [o.NoGpu, o.CloudKey, o.Extras, o.NoCache, o.Port, o.Lab, o.JupyterVersion, o.Bare], module: false,
            "caliban notebook", "caliban notebook --lab --port 8890 --nogpu");
        Add(Root, CliCommand.Expansion, "expansion", "Print the jobs an experiment config expands to (Caliban's `expansion` tool).",
            [o.Pprint, o.PrintFlags], module: false,
            "caliban expansion sweep.json", "caliban expansion --pprint sweep.json", "cat sweep.json | caliban expansion --print_flags stdin");
        _config.HelpName = "config";
        Find(Root, "expansion").Add(_config);

        foreach (var help in AllCommands(Root).SelectMany(command => command.Options).OfType<HelpOption>())
        {
            if (help.Action is HelpAction inner) help.Action = new ExamplesHelpAction(inner, _examples);
        }
    }

    public CliOptions Options { get; } = new();
    public RootCommand Root { get; }

    /// <summary>Caliban's positional `module`: optional when the project names CalibanEntryPoint.</summary>
    public Argument<string?> Module { get; } = new("module")
    {
        Description = "What to run: a module (trainer.train), a Python script (scripts/run.py) or another file (run.sh). Default: the project's CalibanEntryPoint.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Argument<string> _jobFile = new("job_file") { Description = "The Job manifest, .yaml or .json." };
    private readonly Argument<string> _config = new("config") { Description = "The experiment config (JSON with comments), or 'stdin'." };

    public Argument<string> JobFile => _jobFile;
    public Argument<string> Config => _config;

    /// <summary>The leaf command a parse landed on, if it is one of ours.</summary>
    public CliCommand? LeafOf(Command command) => _leaves.TryGetValue(command, out var leaf) ? leaf : null;

    public IReadOnlyList<string> ExamplesOf(Command command) => _examples.GetValueOrDefault(command) ?? [];

    /// <summary>Every command, depth first.</summary>
    public static IEnumerable<Command> AllCommands(Command command) =>
        new[] { command }.Concat(command.Subcommands.SelectMany(AllCommands));

    /// <summary>`caliban cluster job submit` for the submit command.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, current is RootCommand ? "caliban" : current.Name);
        return string.Join(' ', names);
    }

    private void Add(Command parent, CliCommand leaf, string name, string description, Option[] options, bool module, params string[] examples)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Add(option);
        if (module) command.Add(Module);
        parent.Add(command);
        _leaves[command] = leaf;
        _examples[command] = examples;
    }

    private static Command Find(Command parent, string name) => parent.Subcommands.Single(command => command.Name == name);
}
