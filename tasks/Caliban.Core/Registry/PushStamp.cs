using Caliban.Core.IO;

namespace Caliban.Core.Registry;

/// <summary>
/// obj/caliban/push.stamp.json: the last push that succeeded — which image, to which repository and tag, and the
/// manifest digest the registry gave it. Later targets and sessions read the pushed image from here.
/// </summary>
public sealed record PushStamp(string ImageId, string Repository, string Tag, string Digest)
{
    /// <summary>The stamp, or null when there is none or it cannot be read (then the image is pushed again).</summary>
    public static PushStamp? Read(string path) =>
        StampFile.Read<PushStamp>(path) is { ImageId.Length: > 0, Repository.Length: > 0, Tag.Length: > 0, Digest.Length: > 0 } stamp ? stamp : null;

    public void Write(string path) => StampFile.Write(path, this);
}
