using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public class DependencyFilesTests
{
    [Fact]
    public void DetectsEachManifestAtTheTopLevel()
    {
        using var project = new TempProject();
        project.Write("requirements.txt", "numpy\n");
        project.Write("environment.yml", "name: x\n");
        project.Write("nested/setup.py", "");
        project.CreateDirectory("pyproject.toml"); // a directory is not the file

        Assert.Equal(new DependencyFiles(RequirementsTxt: true, SetupPy: false, PyprojectToml: false, EnvironmentYml: true),
            DependencyFiles.Detect(project.Root));
    }

    [Fact]
    public void DetectsSetupPyAndPyproject()
    {
        using var project = new TempProject();
        project.Write("setup.py", "");
        project.Write("pyproject.toml", "");

        Assert.Equal(new DependencyFiles(false, true, true, false), DependencyFiles.Detect(project.Root));
    }

    [Fact]
    public void EmptyProjectHasNone()
    {
        using var project = new TempProject();

        Assert.Equal(DependencyFiles.None, DependencyFiles.Detect(project.Root));
    }
}
