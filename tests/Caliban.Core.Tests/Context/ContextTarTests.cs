using System.Formats.Tar;
using System.Text;
using Caliban.Core.Context;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

public sealed class ContextTarTests : IDisposable
{
    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;

    private static readonly string LongName = "deep/" + string.Join('/', Enumerable.Repeat("directory-name", 10)) + "/file.txt";

    private readonly TempProject _project = new();

    public ContextTarTests()
    {
        _project.Write("train.py", "print('train')");
        var script = _project.Write("run.sh", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        }

        _project.Write("empty.txt", "");
        _project.Write("données/é.csv", "a,b\n");
        _project.Write(LongName, "long");
    }

    public void Dispose() => _project.Dispose();

    private static GeneratedContextFile[] Generated =>
    [
        new("Dockerfile.caliban", Encoding.UTF8.GetBytes("FROM python:3.11\n")),
        new(".dockerignore", Encoding.UTF8.GetBytes("Dockerfile.caliban\n")),
    ];

    private IReadOnlyList<ContextFile> Files() => ContextCollector.Collect(_project.Root, new ContextOptions(), NullCalibanLog.Instance);

    private static async Task<byte[]> WriteAsync(IReadOnlyList<ContextFile> files, IReadOnlyList<GeneratedContextFile> generated)
    {
        using var buffer = new MemoryStream();
        await ContextTar.WriteAsync(buffer, files, generated, CancellationToken.None);
        return buffer.ToArray();
    }

    private static async Task<List<(TarEntry Entry, byte[] Content)>> ReadAllAsync(Stream tar)
    {
        var entries = new List<(TarEntry, byte[])>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream != null)
            {
                await entry.DataStream.CopyToAsync(content);
            }

            entries.Add((entry, content.ToArray()));
        }

        return entries;
    }

    [Fact]
    public async Task RoundTrip_KeepsNamesModesTimesAndContent()
    {
        var files = Files();

        var entries = await ReadAllAsync(new MemoryStream(await WriteAsync(files, Generated)));

        Assert.Equal(files.Select(f => f.RelativePath).Concat(Generated.Select(g => g.RelativePath)), entries.Select(e => e.Entry.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(TarEntryType.RegularFile, e.Entry.EntryType);
            Assert.Equal(0, e.Entry.Uid);
            Assert.Equal(0, e.Entry.Gid);
            Assert.Equal("", ((PosixTarEntry)e.Entry).UserName);
            Assert.Equal("", ((PosixTarEntry)e.Entry).GroupName);
        });

        foreach (var file in files)
        {
            var (entry, content) = entries.Single(e => e.Entry.Name == file.RelativePath);
            Assert.Equal(File.ReadAllBytes(file.FullPath), content);
            Assert.Equal(file.IsExecutable ? Mode755 : Mode644, entry.Mode);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 30, 15, TimeSpan.Zero), entry.ModificationTime); // whole seconds
        }

        Assert.Equal(!OperatingSystem.IsWindows(), files.Single(f => f.RelativePath == "run.sh").IsExecutable);
        var dockerfile = entries.Single(e => e.Entry.Name == "Dockerfile.caliban");
        Assert.Equal("FROM python:3.11\n", Encoding.UTF8.GetString(dockerfile.Content));
        Assert.Equal(DateTimeOffset.UnixEpoch, dockerfile.Entry.ModificationTime);
        Assert.Equal(Mode644, dockerfile.Entry.Mode);
    }

    [Fact]
    public async Task ShortAsciiNamesAreUstar_OthersPax()
    {
        var entries = await ReadAllAsync(new MemoryStream(await WriteAsync(Files(), [])));

        Assert.Equal(TarEntryFormat.Ustar, entries.Single(e => e.Entry.Name == "train.py").Entry.Format);
        Assert.Equal(TarEntryFormat.Pax, entries.Single(e => e.Entry.Name == LongName).Entry.Format);
        Assert.Equal(TarEntryFormat.Pax, entries.Single(e => e.Entry.Name == "données/é.csv").Entry.Format);
    }

    [Fact]
    public async Task SameInputs_GiveTheSameBytes()
    {
        var first = await WriteAsync(Files(), Generated);
        File.SetLastAccessTimeUtc(_project.PathOf("train.py"), DateTime.UtcNow);
        var second = await WriteAsync(Files(), Generated);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ComputeSize_IsTheExactArchiveLength()
    {
        var files = Files();

        Assert.Equal((await WriteAsync(files, Generated)).LongLength, ContextTar.ComputeSize(files, Generated));
        Assert.Equal((await WriteAsync([], [])).LongLength, ContextTar.ComputeSize([], []));
        Assert.Equal((await WriteAsync([], Generated)).LongLength, ContextTar.ComputeSize([], Generated));
    }

    [Fact]
    public async Task ReadStream_ProducesTheSameTarLazily()
    {
        var random = new byte[5 * 1024 * 1024 + 123];
        new Random(42).NextBytes(random);
        _project.WriteBytes("data/weights.bin", random);
        var files = Files();

        await using (var stream = ContextTar.OpenReadStream(files, Generated, CancellationToken.None))
        {
            Assert.False(stream.CanSeek);
            var entries = await ReadAllAsync(stream);
            Assert.Equal(random, entries.Single(e => e.Entry.Name == "data/weights.bin").Content);
            Assert.Equal(files.Count + Generated.Length, entries.Count);
        }

        using var copy = new MemoryStream();
        await using (var stream = ContextTar.OpenReadStream(files, Generated, CancellationToken.None))
        {
            await stream.CopyToAsync(copy);
        }

        Assert.Equal(await WriteAsync(files, Generated), copy.ToArray());
    }

    [Fact]
    public async Task ReadStream_SurfacesWriterErrors()
    {
        var files = Files();
        File.Delete(_project.PathOf("train.py"));

        await using var stream = ContextTar.OpenReadStream(files, [], CancellationToken.None);
        var error = await Assert.ThrowsAsync<CalibanException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorCodes.BuildContextUnreadable, error.Code);
        Assert.Contains("train.py", error.Message);
    }

    [Fact]
    public async Task ReadStream_DisposedEarly_StopsTheWriter()
    {
        _project.WriteBytes("data/big.bin", new byte[8 * 1024 * 1024]);
        var files = Files();

        var stream = ContextTar.OpenReadStream(files, [], CancellationToken.None);
        var start = new byte[512];
        await stream.ReadExactlyAsync(start);
        var dispose = stream.DisposeAsync().AsTask();

        Assert.Same(dispose, await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal("data/big.bin", Encoding.ASCII.GetString(start, 0, 12));
    }

    [Fact]
    public async Task WriteAsync_NamesUnreadableFiles()
    {
        var files = Files();
        File.Delete(_project.PathOf("run.sh"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => WriteAsync(files, []));

        Assert.Equal(ErrorCodes.BuildContextUnreadable, error.Code);
        Assert.Equal(_project.PathOf("run.sh"), error.File);
    }

    [Fact]
    public async Task FileThatGrewSinceCollection_IsSentAsCollected()
    {
        var files = Files();
        File.AppendAllText(_project.PathOf("train.py"), "\nprint('appended by a running job')");

        var entries = await ReadAllAsync(new MemoryStream(await WriteAsync(files, [])));

        Assert.Equal("print('train')", Encoding.UTF8.GetString(entries.Single(e => e.Entry.Name == "train.py").Content));
        Assert.Equal(files.Count, entries.Count);
    }

    [Fact]
    public async Task FileThatShrankSinceCollection_FailsTheBuild()
    {
        var files = Files();
        File.WriteAllText(_project.PathOf("train.py"), "x");

        var error = await Assert.ThrowsAsync<CalibanException>(() => WriteAsync(files, []));

        Assert.Equal(ErrorCodes.BuildContextUnreadable, error.Code);
        Assert.Contains("train.py", error.Message);
    }
}
