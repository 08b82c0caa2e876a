using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public sealed class ExperimentConfigLoadTests : IDisposable
{
    private readonly TempProject _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public void RelativePathsResolveAgainstTheBaseDirectory()
    {
        _project.Write("sweeps/lr.json", """{"lr": [0.1, 0.01]}""");

        var experiments = ExperimentConfig.Load("sweeps/lr.json", _project.Root);

        Assert.Equal(["lr=0.1", "lr=0.01"], experiments.Select(experiment => experiment.Describe()));
    }

    [Fact]
    public void AbsolutePathsAreUsedAsTheyAre()
    {
        var path = _project.Write("abs.json", """{"seed": 1}""");

        Assert.Single(ExperimentConfig.Load(path, "/nonexistent-base"));
    }

    [Theory]
    [InlineData("stdin")]
    [InlineData("STDIN")]
    [InlineData("StdIn")]
    public void StdinReadsTheGivenReader(string path)
    {
        var experiments = ExperimentConfig.Load(path, _project.Root, new StringReader("# from a pipe\n{\"a\": [1, 2]}"));

        Assert.Equal(["a=1", "a=2"], experiments.Select(experiment => experiment.Describe()));
    }

    [Fact]
    public void StdinErrorsNameStdinAndNoFile()
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("stdin", _project.Root, new StringReader("{\"a\": null}")));

        Assert.Equal(ErrorCodes.ExperimentValueInvalid, error.Code);
        Assert.Contains("Experiment config stdin:", error.Message);
        Assert.Null(error.File);
    }

    [Fact]
    public void DashIsAnOrdinaryFileName()
    {
        _project.Write("-", """{"dash": true}""");

        Assert.Equal(["--dash"], Assert.Single(ExperimentConfig.Load("-", _project.Root, new StringReader("{\"stdin\": true}"))).ToArguments());
    }

    [Fact]
    public void AMissingFileSaysWhereItLooked()
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("missing.json", _project.Root));

        Assert.Equal(ErrorCodes.ExperimentConfigNotFound, error.Code);
        Assert.Contains("\"missing.json\"", error.Message);
        Assert.Contains(_project.PathOf("missing.json"), error.Message);
        Assert.Contains("stdin", error.Message);
        Assert.Equal(_project.PathOf("missing.json"), error.File);
    }

    [Fact]
    public void ADirectoryIsNotAConfig()
    {
        _project.CreateDirectory("sweeps");

        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("sweeps", _project.Root));

        Assert.Equal(ErrorCodes.ExperimentConfigNotFound, error.Code);
        Assert.Contains("is a directory", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("bad\0name.json")]
    public void EmptyOrImpossiblePathsAreReported(string path)
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load(path, _project.Root));

        Assert.Equal(ErrorCodes.ExperimentConfigNotFound, error.Code);
    }

    [Fact]
    public void AnUnreadableFileIsReported()
    {
        var path = _project.Write("locked.json", "{}");
        // An exclusive handle makes reading fail for every user, root included.
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("locked.json", _project.Root));

        Assert.Equal(ErrorCodes.ExperimentConfigUnreadable, error.Code);
        Assert.Contains("\"locked.json\" cannot be read", error.Message);
        Assert.Equal(path, error.File);
    }

    [Fact]
    public void AFailingStdinIsReported()
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("stdin", _project.Root, new FailingReader()));

        Assert.Equal(ErrorCodes.ExperimentConfigUnreadable, error.Code);
        Assert.Contains("standard input", error.Message);
    }

    [Theory]
    [InlineData("{\"a\": [1, 2}", 1, 12)]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3)]
    [InlineData("# comment\n{\"é\": tru}", 2, 10)]
    [InlineData("{\"a\": 1} extra", 1, 10)]
    public void InvalidJsonGivesLineAndColumn(string json, int line, int column)
    {
        var path = _project.Write("broken.json", json);

        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Load("broken.json", _project.Root));

        Assert.Equal(ErrorCodes.ExperimentConfigInvalidJson, error.Code);
        Assert.Contains($"broken.json is not valid JSON at line {line}, column {column}", error.Message);
        Assert.Equal(path, error.File);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("# only a comment\n// and another")]
    public void AnEmptyConfigIsReported(string json)
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Parse(json, "empty.json"));

        Assert.Equal(ErrorCodes.ExperimentConfigInvalidJson, error.Code);
        Assert.Contains("empty.json is empty", error.Message);
    }

    private sealed class FailingReader : TextReader
    {
        public override string ReadToEnd() => throw new IOException("broken pipe");
    }
}
