using Caliban.Core.Build;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Runs on every build, before the timestamp check: when the image the stamp names is gone from the engine (or its tag
/// moved), deletes the stamp so the build target runs again. Otherwise reports the stamped image.
/// </summary>
public sealed class CheckCalibanImage : CalibanTask
{
    [Required] public string StampFile { get; set; } = "";

    [Output] public string ImageId { get; private set; } = "";

    [Output] public string ImageTag { get; private set; } = "";

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var stamp = ImageStamp.Read(StampFile);
        if (stamp is null)
        {
            File.Delete(StampFile); // an unreadable stamp must not keep the build target skipped
            return;
        }

        using var engine = await ContainerEngine.ConnectAsync(log, cancellationToken);
        var image = await engine.InspectImageAsync(stamp.Tag, cancellationToken);
        if (image?.Id != stamp.ImageId)
        {
            log.Info($"Image {stamp.Tag} is no longer in the engine; building it again.");
            File.Delete(StampFile);
            return;
        }
        ImageId = stamp.ImageId;
        ImageTag = stamp.Tag;
    }
}
