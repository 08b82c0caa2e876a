using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public sealed class EntryPointTests : IDisposable
{
    private readonly TempProject _project = new();

    public void Dispose() => _project.Dispose();

    private EntryPoint Resolve(string? entryPoint) => EntryPoint.Resolve(_project.Root, entryPoint);

    private CalibanException Fails(string? entryPoint) => Assert.Throws<CalibanException>(() => Resolve(entryPoint));

    [Fact]
    public void DottedNameWithAModuleFileIsAModule()
    {
        _project.Write("trainer/train.py", "");

        var entryPoint = Resolve("trainer.train");

        Assert.Equal(EntryPointKind.Module, entryPoint.Kind);
        Assert.Equal("trainer.train", entryPoint.Value);
        Assert.Equal(["python", "-m", "trainer.train"], entryPoint.Command);
        Assert.Equal("trainer", entryPoint.CodeRoot);
    }

    [Fact]
    public void NestedModuleCopiesItsTopPackage()
    {
        _project.Write("research/models/cnn/train.py", "");

        var entryPoint = Resolve(" research.models.cnn.train ");

        Assert.Equal(["python", "-m", "research.models.cnn.train"], entryPoint.Command);
        Assert.Equal("research", entryPoint.CodeRoot);
    }

    [Fact]
    public void TopLevelModuleCopiesTheWholeProject()
    {
        _project.Write("train.py", "");

        var entryPoint = Resolve("train");

        Assert.Equal(EntryPointKind.Module, entryPoint.Kind);
        Assert.Equal(["python", "-m", "train"], entryPoint.Command);
        Assert.Equal(".", entryPoint.CodeRoot);
    }

    [Fact]
    public void PythonFileIsAPythonScript()
    {
        _project.Write("scripts/run.py", "");

        var entryPoint = Resolve("scripts/run.py");

        Assert.Equal(EntryPointKind.PythonScript, entryPoint.Kind);
        Assert.Equal("scripts/run.py", entryPoint.Value);
        Assert.Equal(["python", "scripts/run.py"], entryPoint.Command);
        Assert.Equal("scripts", entryPoint.CodeRoot);
    }

    [Theory]
    [InlineData("./scripts/run.py")]
    [InlineData("scripts\\run.py")]
    [InlineData("scripts/../scripts/run.py")]
    public void PathsAreNormalizedToForwardSlashes(string written)
    {
        _project.Write("scripts/run.py", "");

        var entryPoint = Resolve(written);

        Assert.Equal("scripts/run.py", entryPoint.Value);
        Assert.Equal(["python", "scripts/run.py"], entryPoint.Command);
    }

    [Fact]
    public void ExistingFileWinsOverModuleInterpretation()
    {
        _project.Write("run.py", "");
        _project.Write("run/py.py", "");

        var entryPoint = Resolve("run.py");

        Assert.Equal(EntryPointKind.PythonScript, entryPoint.Kind);
        Assert.Equal(".", entryPoint.CodeRoot);
    }

    [Theory]
    [InlineData("run.sh")]
    [InlineData("bin/train")]
    public void AnyOtherFileIsAShellScript(string path)
    {
        _project.Write(path, "echo hi\n");

        var entryPoint = Resolve(path);

        Assert.Equal(EntryPointKind.ShellScript, entryPoint.Kind);
        Assert.Equal(["/bin/bash", path], entryPoint.Command);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyIsMissingAndShowsBothForms(string? entryPoint)
    {
        var error = Fails(entryPoint);

        Assert.Equal(ErrorCodes.EntryPointMissing, error.Code);
        Assert.Contains("CalibanEntryPoint", error.Message);
        Assert.Contains("trainer.train", error.Message);
        Assert.Contains("scripts/run.py", error.Message);
    }

    [Fact]
    public void MissingPackageDirectoryIsNamed()
    {
        var error = Fails("trainer.train");

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("looked for the file \"trainer.train\" and the module file \"trainer/train.py\"", error.Message);
        Assert.Contains("the package directory \"trainer\" doesn't exist", error.Message);
    }

    [Fact]
    public void MissingModuleFileIsNamed()
    {
        _project.CreateDirectory("trainer");

        var error = Fails("trainer.train");

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("the module file \"trainer/train.py\" doesn't exist", error.Message);
    }

    [Fact]
    public void PackageDirectoryAloneGetsAHint()
    {
        _project.Write("trainer/train.py", "");

        var error = Fails("trainer");

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("\"trainer\" is a directory: name a module inside it", error.Message);
    }

    [Fact]
    public void MissingScriptIsNamedWithItsDirectory()
    {
        var error = Fails("scripts/run.py");

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("the directory \"scripts\" doesn't exist", error.Message);

        _project.CreateDirectory("scripts");
        Assert.Contains("the file \"scripts/run.py\" doesn't exist", Fails("scripts/run.py").Message);
    }

    [Fact]
    public void DirectoryGivenAsScriptIsExplained()
    {
        _project.CreateDirectory("scripts/tools");

        Assert.Contains("\"scripts/tools\" is a directory, not a file", Fails("scripts/tools").Message);
    }

    [Fact]
    public void AbsolutePathIsRefused()
    {
        var path = _project.Write("run.py", "");

        var error = Fails(path);

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("is an absolute path", error.Message);
    }

    [Fact]
    public void PathEscapingTheProjectIsRefused()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_project.Root)!, "outside-" + Guid.NewGuid().ToString("N") + ".py");
        File.WriteAllText(outside, "");
        try
        {
            var error = Fails("../" + Path.GetFileName(outside));

            Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
            Assert.Contains("points outside the project directory", error.Message);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void WildcardCharactersAreRefused()
    {
        _project.Write("exp[1]/run.py", "");

        var error = Fails("exp[1]/run.py");

        Assert.Equal(ErrorCodes.EntryPointNotFound, error.Code);
        Assert.Contains("characters a Dockerfile COPY can't copy literally", error.Message);
    }
}
