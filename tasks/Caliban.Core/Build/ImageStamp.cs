using Caliban.Core.IO;

namespace Caliban.Core.Build;

/// <summary>
/// obj/caliban/image.stamp.json: the last image built successfully and the fingerprint of its inputs. Written only
/// after the engine confirmed the image, so a failed build leaves the previous stamp (and image) in place.
/// </summary>
public sealed record ImageStamp(string Fingerprint, string ImageId, string Tag)
{
    /// <summary>The stamp, or null when there is none or it cannot be read (then the image is simply built again).</summary>
    public static ImageStamp? Read(string path) =>
        StampFile.Read<ImageStamp>(path) is { Fingerprint.Length: > 0, ImageId.Length: > 0, Tag.Length: > 0 } stamp ? stamp : null;

    public void Write(string path) => StampFile.Write(path, this);

    /// <summary>Marks the stamp newer than every input, so MSBuild skips the build target next time.</summary>
    public static void Touch(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
}
