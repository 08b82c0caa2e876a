using Caliban.Core.Context;
using Caliban.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Lists the files that go into the image's build context: only under the paths the Dockerfile copies, after
/// .dockerignore, the default excludes (bin/, obj/, .git/, credentials) and CalibanContextExclude.
/// </summary>
public sealed class CollectCalibanContext : CalibanTask
{
    [Required] public string ProjectDirectory { get; set; } = "";
    public ITaskItem[] Roots { get; set; } = [];
    public ITaskItem[] Excludes { get; set; } = [];
    public bool UseDefaultExcludes { get; set; } = true;

    /// <summary>One item per file: the full path, with metadata RelativePath.</summary>
    [Output] public ITaskItem[] ContextFiles { get; private set; } = [];

    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var options = new ContextOptions
        {
            Roots = Roots.Select(item => item.ItemSpec).ToArray(),
            ExtraExcludes = Excludes.Select(item => item.ItemSpec).ToArray(),
            UseDefaultExcludes = UseDefaultExcludes,
            CredentialsFile = Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS"),
        };
        ContextFiles = ContextCollector.Collect(ProjectDirectory, options, log)
            .Select(file => (ITaskItem)new TaskItem(file.FullPath, new Dictionary<string, string> { ["RelativePath"] = file.RelativePath }))
            .ToArray();
        return Task.CompletedTask;
    }
}
