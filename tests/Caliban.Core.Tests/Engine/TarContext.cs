using System.Formats.Tar;
using System.Text;

namespace Caliban.Core.Tests.Engine;

/// <summary>Builds an in-memory tar build context from (path, text) pairs.</summary>
internal static class TarContext
{
    public static MemoryStream Of(params (string Path, string Content)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                });
            }
        }

        tar.Position = 0;
        return tar;
    }
}
