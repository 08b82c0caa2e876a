using Caliban.Core.Diagnostics;
using Caliban.Core.Registry;

namespace Caliban.Build.Tasks;

/// <summary>Checks CalibanImageRepository before anything is built, so a bad value fails in a second, not after a build.</summary>
public sealed class CheckCalibanImageRepository : CalibanTask
{
    public string? Repository { get; set; }

    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var repository = ImageRepository.Parse(Repository);
        log.Detail($"Pushing to registry {repository.Registry}, repository {repository.Path}.");
        return Task.CompletedTask;
    }
}
