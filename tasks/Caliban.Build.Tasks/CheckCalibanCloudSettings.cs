using Caliban.Core.Diagnostics;

namespace Caliban.Build.Tasks;

/// <summary>
/// Checks the Vertex AI job settings before CalibanCloud builds or pushes anything, so a bad machine type or GPU
/// combination fails in seconds and nothing is built, pushed or sent.
/// </summary>
public sealed class CheckCalibanCloudSettings : VertexSettingsTask
{
    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var settings = CheckedSettings();
        log.Detail($"Vertex AI settings: project {settings.Project.Value} (from {settings.Project.Source}), region {settings.Region.Value} " +
                   $"(from {settings.Region.Source}), machine {settings.Machine.MachineType}.");
        return Task.CompletedTask;
    }
}
