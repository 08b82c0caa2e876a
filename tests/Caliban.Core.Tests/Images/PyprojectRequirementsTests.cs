using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public class PyprojectRequirementsTests
{
    private const string Path = "/repo/pyproject.toml";

    private static PyprojectRequirements Parse(string toml) => PyprojectRequirements.Parse(toml, Path);

    private static CalibanException Fails(string toml) => Assert.Throws<CalibanException>(() => Parse(toml));

    [Fact]
    public void ReadsMultiLineArraysWithCommentsAndBothQuoteStyles()
    {
        var requirements = Parse("""
            # A typical PEP 621 file.
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "hello"
            version = "0.1.0"
            readme = { file = "README.md", content-type = "text/markdown" }
            requires-python = ">=3.9"
            authors = [{ name = "A. Person", email = "a@example.com" }]
            description = '''
            Multi-line "description" with ] and # inside.
            '''
            dependencies = [
                "numpy>=1.24",   # comment after an item
                'pandas[parquet] ; python_version >= "3.9"',
                # a comment line
                "tqdm",
            ]

            [project.optional-dependencies]
            gpu = ["torch==2.2.0"]
            Test_Tools = [
              "pytest",
            ]

            [tool.black]
            line-length = 100
            target-version = ['py311']
            skip-string-normalization = true
            """);

        Assert.Equal("hello", requirements.ProjectName);
        Assert.Equal(["numpy>=1.24", "pandas[parquet] ; python_version >= \"3.9\"", "tqdm"], requirements.Dependencies);
        Assert.Equal(["gpu", "test-tools"], requirements.OptionalDependencies.Keys);
        Assert.Equal(["pytest"], requirements.OptionalDependencies["test-tools"]);
    }

    [Fact]
    public void ForAddsNamedGroupsComparingNormalizedNames()
    {
        var requirements = Parse("""
            [project]
            name = "hello"
            dependencies = ["numpy", "tqdm"]
            optional-dependencies.gpu = ["torch", "numpy"]
            optional-dependencies.test-tools = ["pytest"]
            """);

        Assert.Equal(["numpy", "tqdm", "torch", "pytest"], requirements.For(["gpu", "Test.Tools", "missing"]));
        Assert.Equal(["numpy", "tqdm"], requirements.For([]));
    }

    [Fact]
    public void SelfReferencingExtrasAreExpandedInsteadOfInstalled()
    {
        var requirements = Parse("""
            [project]
            name = "My_Project"
            [project.optional-dependencies]
            test = ["pytest"]
            lint = ["ruff"]
            dev = ["my-project[test,lint]", "ipython"]
            """);

        Assert.Equal(["pytest", "ruff", "ipython"], requirements.For(["dev"]));
    }

    [Fact]
    public void NoProjectTableMeansNothingToInstall()
    {
        var requirements = Parse("""
            [tool.poetry]
            name = "x"
            [tool.poetry.dependencies]
            python = "^3.10"
            """);

        Assert.Empty(requirements.For(["gpu"]));
    }

    [Fact]
    public void InlineProjectTableAndEscapesAreRead()
    {
        var requirements = Parse("project = { name = \"x\", dependencies = [\"caf\\u00e9>=1\", \"a\\\\b\"] }\n");

        Assert.Equal(["café>=1", "a\\b"], requirements.Dependencies);
    }

    [Fact]
    public void ArraysOfTablesDatesAndLineEndingBackslashesAreRead()
    {
        const string toml =
            "released = 1979-05-27T07:32:00Z\n" +
            "big = 1_000\n" +
            "hex = 0xDEAD\n" +
            "[[tool.mypy.overrides]]\n" +
            "module = \"a\"\n" +
            "[[tool.mypy.overrides]]\n" +
            "module = \"b\"\n" +
            "[project]\n" +
            "dependencies = [\"a\", \"\"\"b\\\n    c\"\"\", '''d'''']\n";

        Assert.Equal(["a", "bc", "d'"], Parse(toml).Dependencies);
    }

    [Theory]
    [InlineData("[project]\ndependencies = [\n  \"numpy\"\n  \"pandas\"\n]\n", 4, "unexpected '\"' in an array")]
    [InlineData("[project]\ndependencies = [numpy]\n", 2, "\"numpy\" is not a TOML value (strings need quotes)")]
    [InlineData("[project]\nname = \"x\nversion = \"1\"\n", 2, "the string is not closed")]
    [InlineData("[project]\nname = \"x\"\n[project]\n", 3, "the table [project] is defined twice")]
    [InlineData("[project]\nname = \"x\"\nname = \"y\"\n", 3, "the key \"name\" is defined twice")]
    [InlineData("[project\nname = \"x\"\n", 1, "expected ']'")]
    [InlineData("[project]\ndependencies = [\"a\"] extra\n", 2, "unexpected 'e' after a value")]
    [InlineData("[project]\ndependencies = [\"a\",\n", 2, "the array is not closed with ]")]
    [InlineData("[project]\ndescription = \"\"\"never closed\n\n", 2, "the multi-line string is not closed")]
    [InlineData("[project]\nname = \"bad \\q escape\"\n", 2, "\\q is not a valid escape")]
    [InlineData("[project]\ndependencies = \"numpy\"\n", 2, "[project] dependencies must be an array of requirement strings")]
    [InlineData("[project]\ndependencies = [\"a\", 1]\n", 2, "[project] dependencies must be an array of requirement strings")]
    [InlineData("[project]\ndependencies = [\"\"]\n", 2, "an empty requirement")]
    [InlineData("[project]\ndependencies = [\"a\\nb\"]\n", 2, "a requirement with a control character")]
    [InlineData("[project.optional-dependencies]\ngpu = [\"a\"]\ntest = \"pytest\"\n", 3, "[project.optional-dependencies] test must be an array")]
    [InlineData("[project]\noptional-dependencies = [\"a\"]\n", 2, "optional-dependencies must be a table")]
    [InlineData("project = \"x\"\n", 1, "\"project\" must be a table")]
    public void MalformedFilesNameTheLine(string toml, int line, string expected)
    {
        var error = Fails(toml);

        Assert.Equal(ErrorCodes.PyprojectUnreadable, error.Code);
        Assert.Equal(Path, error.File);
        Assert.StartsWith($"pyproject.toml line {line}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ReadsFromDisk()
    {
        using var project = new TempProject();
        var path = project.Write("pyproject.toml", "[project]\r\nname = \"x\"\r\ndependencies = [\r\n  \"numpy\",\r\n]\r\n");

        Assert.Equal(["numpy"], PyprojectRequirements.Read(path).Dependencies);
    }
}
