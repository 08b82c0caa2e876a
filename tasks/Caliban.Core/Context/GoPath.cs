namespace Caliban.Core.Context;

/// <summary>Go's <c>path.Clean</c> for slash-separated paths, which Docker applies to every ignore pattern.</summary>
internal static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        bool rooted = path[0] == '/';
        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count > 0 && kept[^1] != "..")
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                else if (!rooted)
                {
                    kept.Add("..");
                }

                continue;
            }

            kept.Add(segment);
        }

        var joined = string.Join('/', kept);
        if (rooted)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }
}
