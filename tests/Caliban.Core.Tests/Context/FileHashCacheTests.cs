using System.Security.Cryptography;
using System.Text;
using Caliban.Core.Context;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

public sealed class FileHashCacheTests : IDisposable
{
    private readonly TempProject _project = new();

    public FileHashCacheTests()
    {
        for (int i = 0; i < 5; i++)
        {
            _project.Write($"src/file{i}.py", $"print({i})");
        }

        CachePath = _project.PathOf("obj/caliban/hashes.json");
    }

    private string CachePath { get; }

    public void Dispose() => _project.Dispose();

    private IReadOnlyList<ContextFile> Collect() => ContextCollector.Collect(_project.Root, new ContextOptions(), NullCalibanLog.Instance);

    private static string[] HashAll(FileHashCache cache, IEnumerable<ContextFile> files) => files.Select(cache.GetSha256).ToArray();

    [Fact]
    public void GetSha256_IsTheHexSha256OfTheContent()
    {
        var file = Collect()[0];

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("print(0)")));
        Assert.Equal(expected, new FileHashCache().GetSha256(file));
    }

    [Fact]
    public void SecondRun_HashesNothing()
    {
        var first = FileHashCache.Load(CachePath);
        var firstHashes = HashAll(first, Collect());
        first.Save(CachePath);

        var second = FileHashCache.Load(CachePath);
        var secondHashes = HashAll(second, Collect());

        Assert.Equal(5, first.HashedCount);
        Assert.Equal(0, second.HashedCount);
        Assert.Equal(firstHashes, secondHashes);
    }

    [Fact]
    public void ChangedFile_IsTheOnlyOneRehashed()
    {
        var first = FileHashCache.Load(CachePath);
        var before = HashAll(first, Collect());
        first.Save(CachePath);

        _project.Write("src/file3.py", "print(9)", TempProject.PastTime.AddMinutes(1)); // same length, new time

        var second = FileHashCache.Load(CachePath);
        var after = HashAll(second, Collect());

        Assert.Equal(1, second.HashedCount);
        Assert.NotEqual(before[3], after[3]);
        Assert.Equal(before.Where((_, i) => i != 3), after.Where((_, i) => i != 3));
    }

    [Fact]
    public void Save_KeepsOnlyEntriesUsedSinceLoad()
    {
        var first = FileHashCache.Load(CachePath);
        HashAll(first, Collect());
        first.Save(CachePath);

        var second = FileHashCache.Load(CachePath);
        HashAll(second, Collect().Take(2));
        second.Save(CachePath);

        var third = FileHashCache.Load(CachePath);
        HashAll(third, Collect());
        Assert.Equal(3, third.HashedCount);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CachePath)!, "*.tmp"));
    }

    [Fact]
    public void RecentlyModifiedFiles_AreNotRemembered()
    {
        _project.Write("fresh.py", "new", DateTime.UtcNow);
        var first = FileHashCache.Load(CachePath);
        HashAll(first, Collect());
        first.Save(CachePath);

        var second = FileHashCache.Load(CachePath);
        HashAll(second, Collect());

        Assert.Equal(1, second.HashedCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"version\": 1, \"files\": [{\"path\": \"src/file0.py\", \"length\": ")]
    [InlineData("{\"version\": 99, \"files\": []}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"version\": 1, \"files\": [null, {\"path\": \"src/file0.py\", \"length\": 8, \"lastWriteTicks\": 1, \"sha256\": \"zz\"}]}")]
    public void CorruptCacheFile_GivesAnEmptyCache(string content)
    {
        _project.Write("obj/caliban/hashes.json", content);

        var cache = FileHashCache.Load(CachePath);
        var hashes = HashAll(cache, Collect());

        Assert.Equal(5, cache.HashedCount);
        Assert.Equal(HashAll(new FileHashCache(), Collect()), hashes);
    }

    [Fact]
    public void TamperedEntry_ForAnotherLengthOrTime_IsNotTrusted()
    {
        var cache = FileHashCache.Load(CachePath);
        HashAll(cache, Collect());
        cache.Save(CachePath);
        var json = File.ReadAllText(CachePath);

        var file = Collect()[0];
        var moved = file with { LastWriteTimeUtc = file.LastWriteTimeUtc.AddSeconds(1) };
        var reloaded = FileHashCache.Load(CachePath);
        reloaded.GetSha256(moved);

        Assert.Contains("\"sha256\"", json);
        Assert.Equal(1, reloaded.HashedCount);
    }

    [Fact]
    public void MissingFile_IsReportedAsUnreadable()
    {
        var file = Collect()[0];
        File.Delete(file.FullPath);

        var error = Assert.Throws<CalibanException>(() => new FileHashCache().GetSha256(file));

        Assert.Equal(ErrorCodes.BuildContextUnreadable, error.Code);
        Assert.Equal(file.FullPath, error.File);
        Assert.Contains(file.RelativePath, error.Message);
    }

    [Fact]
    public void Save_ToAnUnwritablePath_DoesNotThrow()
    {
        var blocker = _project.Write("blocker", "a file where a directory should be");
        var cache = new FileHashCache();
        HashAll(cache, Collect());

        cache.Save(Path.Combine(blocker, "hashes.json"));

        Assert.False(File.Exists(Path.Combine(blocker, "hashes.json")));
    }
}
