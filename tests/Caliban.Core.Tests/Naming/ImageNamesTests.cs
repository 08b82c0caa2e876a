using Caliban.Core.Diagnostics;
using Caliban.Core.Naming;

namespace Caliban.Core.Tests.Naming;

public sealed class ImageNamesTests
{
    [Theory]
    [InlineData("mnist", "mnist")]
    [InlineData("My Research.Project", "my-research.project")]
    [InlineData("__weird__name!!", "weird-name")]
    [InlineData("!!!", "caliban-image")]
    public void Project_names_become_valid_repository_names(string projectName, string expected)
    {
        Assert.Equal(expected, ImageNames.FromProjectName(projectName));
        ImageNames.Validate(expected, "CalibanImageName");
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("localhost:5000/team/mnist")]
    [InlineData("us-docker.pkg.dev/my-project/repo/mnist-v2")]
    public void Valid_names_pass(string name) => Assert.Equal(name, ImageNames.Validate(name, "CalibanImageName"));

    [Theory]
    [InlineData("MNIST")]
    [InlineData("mnist:latest")]
    [InlineData("has space")]
    [InlineData("-leading")]
    public void Invalid_names_name_the_property_and_the_fix(string name)
    {
        var error = Assert.Throws<CalibanException>(() => ImageNames.Validate(name, "CalibanImageName"));
        Assert.Equal(ErrorCodes.ImageNameInvalid, error.Code);
        Assert.Contains("CalibanImageName", error.Message);
        Assert.Contains("lower-case", error.Message);
    }
}
