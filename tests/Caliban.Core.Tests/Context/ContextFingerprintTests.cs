using Caliban.Core.Context;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

public sealed class ContextFingerprintTests : IDisposable
{
    private static readonly KeyValuePair<string, string>[] Inputs =
    [
        new("dockerfile", "FROM python:3.11\nCOPY . /app\n"),
        new("baseImage", "python:3.11"),
    ];

    private readonly TempProject _project = new();

    public ContextFingerprintTests()
    {
        _project.Write("train.py", "print('train')");
        _project.Write("pkg/model.py", "class Model: ...");
    }

    public void Dispose() => _project.Dispose();

    private string Fingerprint(IEnumerable<KeyValuePair<string, string>>? inputs = null, FileHashCache? cache = null)
    {
        var files = ContextCollector.Collect(_project.Root, new ContextOptions(), NullCalibanLog.Instance);
        return ContextFingerprint.Compute(files, cache ?? new FileHashCache(), inputs ?? Inputs);
    }

    [Fact]
    public void IsStableAndIndependentOfInputOrderAndCache()
    {
        var cache = new FileHashCache();
        var first = Fingerprint(cache: cache);

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, Fingerprint(cache: cache));
        Assert.Equal(first, Fingerprint(Inputs.Reverse()));
    }

    [Fact]
    public void MatchesAKnownValue_SoItIsStableAcrossMachinesAndVersions()
    {
        var file = new ContextFile("a.txt", _project.Write("a.txt", "hello"), 5, TempProject.PastTime, false);

        var fingerprint = ContextFingerprint.Compute([file], new FileHashCache(), [new("baseImage", "python:3.11")]);

        // Computed independently: SHA-256 over int32-LE-length-prefixed UTF-8 fields.
        Assert.Equal("627f5f9508f9a1f6af10ecba5d61887013e935886b61f4fe450febc12df715bc", fingerprint);
    }

    [Fact]
    public void ChangesWithContent()
    {
        var before = Fingerprint();
        _project.Write("train.py", "print('TRAIN')", TempProject.PastTime.AddSeconds(5));

        Assert.NotEqual(before, Fingerprint());
    }

    [Fact]
    public void ChangesWithPaths()
    {
        var before = Fingerprint();
        File.Move(_project.PathOf("train.py"), _project.PathOf("train2.py"));

        Assert.NotEqual(before, Fingerprint());
    }

    [Fact]
    public void ChangesWithTheExecutableBit()
    {
        var files = ContextCollector.Collect(_project.Root, new ContextOptions(), NullCalibanLog.Instance);
        var executable = files.Select((f, i) => i == 0 ? f with { IsExecutable = !f.IsExecutable } : f).ToArray();
        var cache = new FileHashCache();

        Assert.NotEqual(ContextFingerprint.Compute(files, cache, Inputs), ContextFingerprint.Compute(executable, cache, Inputs));
    }

    [Fact]
    public void ChangesWithOtherInputs()
    {
        var before = Fingerprint();

        Assert.NotEqual(before, Fingerprint([Inputs[0], new("baseImage", "python:3.12")]));
        Assert.NotEqual(before, Fingerprint([.. Inputs, new("buildArg:A", "1")]));
        Assert.NotEqual(before, Fingerprint([Inputs[0]]));
    }

    [Fact]
    public void FieldBoundariesCannotBeShifted()
    {
        Assert.NotEqual(
            Fingerprint([new("ab", "c")]),
            Fingerprint([new("a", "bc")]));
    }

    [Fact]
    public void UnreadableFile_SurfacesAsCalibanException()
    {
        var files = ContextCollector.Collect(_project.Root, new ContextOptions(), NullCalibanLog.Instance);
        File.Delete(_project.PathOf("train.py"));

        var error = Assert.Throws<CalibanException>(() => ContextFingerprint.Compute(files, new FileHashCache(), Inputs));

        Assert.Equal(ErrorCodes.BuildContextUnreadable, error.Code);
    }
}
