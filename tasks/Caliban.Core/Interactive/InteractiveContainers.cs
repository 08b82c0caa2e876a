using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;

namespace Caliban.Core.Interactive;

/// <summary>The container settings shell and notebook share: user, mounts, GPUs, credentials, labels and a name.</summary>
internal static class InteractiveContainers
{
    public static async Task<ContainerSpec> SpecAsync(
        ContainerEngine engine, InteractiveOptions options, string kind, ICalibanLog log, CancellationToken ct)
    {
        var project = Path.GetFullPath(options.ProjectDirectory);
        if (!Directory.Exists(project))
        {
            throw new CalibanException(ErrorCodes.InteractiveProjectMissing,
                $"The project directory {project} to mount at {InteractiveOptions.AppDirectory} does not exist. " +
                "Run caliban from the repository (or pass --project with a project inside it).");
        }

        var mounts = new List<BindMount> { new(project, InteractiveOptions.AppDirectory, ReadOnly: false) };
        if (!options.Bare)
        {
            var home = Path.GetFullPath(options.HomeDirectory ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));
            if (home.Length == 0 || !Directory.Exists(home))
            {
                throw new CalibanException(ErrorCodes.InteractiveHomeMissing,
                    $"The home directory '{home}' to mount at {options.ContainerHome} does not exist. Pass --bare to start without " +
                    "mounting the home directory, or set HOME to an existing directory.");
            }

            mounts.Add(new BindMount(home, options.ContainerHome, ReadOnly: false));
        }

        var image = await engine.InspectImageAsync(options.Image, ct).ConfigureAwait(false)
                    ?? throw ContainerFailure.ImageMissing(engine.Endpoint, options.Image);
        var gpus = await GpuSelection.DecideAsync(engine, options.Gpu, $"the {kind}", log, ct).ConfigureAwait(false);
        var credentials = options.Credentials ?? LocalCredentials.Find();
        mounts.AddRange(credentials.Mounts);
        var environment = new Dictionary<string, string>(credentials.Environment);
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        log.Detail($"Starting a {kind} in image {options.Image} ({image.Id}) as {options.UserId}:{options.GroupId}, " +
                   $"{project} at {InteractiveOptions.AppDirectory}" + (options.Bare ? ", home not mounted" : $", home at {options.ContainerHome}") +
                   (gpus == GpuPlan.AllGpus ? ", with all GPUs." : ", on the CPU."));
        return new ContainerSpec
        {
            Image = image.Id,
            Name = $"caliban-{kind}-{Guid.NewGuid().ToString("N")[..10]}",
            Environment = environment,
            Labels = new Dictionary<string, string>(options.Labels) { [InteractiveLabels.Kind] = kind, [InteractiveLabels.ProjectDirectory] = project },
            Mounts = mounts,
            WorkingDirectory = InteractiveOptions.AppDirectory,
            User = $"{options.UserId}:{options.GroupId}",
            AllGpus = gpus == GpuPlan.AllGpus,
            HostIpc = true,
            Init = true,
        };
    }
}
