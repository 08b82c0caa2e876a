using Caliban.Core.Context;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

public sealed class DockerIgnoreTests
{
    private static DockerIgnore Rules(string lines) => DockerIgnore.Parse(lines.Split('\n'));

    [Theory]
    // '*' stays within one directory level; a pattern is anchored at the context root
    [InlineData("*.pyc", "a.pyc", true)]
    [InlineData("*.pyc", "pkg/a.pyc", false)]
    [InlineData("*/*.pyc", "pkg/a.pyc", true)]
    [InlineData("src/data", "data", false)]
    // '**' spans any number of directories, including none
    [InlineData("**/*.pyc", "a.pyc", true)]
    [InlineData("**/*.pyc", "pkg/sub/a.pyc", true)]
    [InlineData("**/*.pyc", "pkg/sub/a.py", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "c/a/b", false)]
    [InlineData("foo/**", "foo/bar/baz", true)]
    [InlineData("foo/**", "foo", false)]
    [InlineData("**", "any/thing", true)]
    [InlineData("**/.env", ".env", true)]
    [InlineData("**/.env", "deep/er/.env", true)]
    [InlineData("**/.env", "deep/x.env", false)]
    [InlineData("**foo", "xfoo", true)] // Docker's suffix quirk, kept on purpose
    // a path is excluded when any parent directory matches
    [InlineData("data", "data/raw/x.csv", true)]
    [InlineData("data", "database.csv", false)]
    [InlineData("data*", "data2/x.csv", true)]
    [InlineData("a/**/b", "a/x/b/c.txt", true)]
    // cleaning: leading '/', './', trailing '/', '..' and repeated slashes
    [InlineData("/data", "data/x", true)]
    [InlineData("./build/", "build/out.o", true)]
    [InlineData("dir/../other", "other", true)]
    [InlineData("a//b", "a/b", true)]
    // '?', classes and escapes
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file12.txt", false)]
    [InlineData("file?.txt", "file/.txt", false)]
    [InlineData("[a-c].txt", "b.txt", true)]
    [InlineData("[a-c].txt", "d.txt", false)]
    [InlineData("[^a].txt", "a.txt", false)]
    [InlineData("[^a].txt", "b.txt", true)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("a+b(1).txt", "a+b(1).txt", true)]
    [InlineData("a.txt", "abtxt", false)]
    // comments, blank lines and whitespace
    [InlineData("# build\n\n   build   ", "build/x", true)]
    [InlineData("# build", "# build", false)]
    [InlineData(" # not a comment", "# not a comment", true)]
    // '!' exceptions, and the last matching line wins
    [InlineData("*\n!keep.txt", "keep.txt", false)]
    [InlineData("*\n!keep.txt", "other.txt", true)]
    [InlineData("data\n!data/keep.txt", "data/keep.txt", false)]
    [InlineData("data\n!data/keep.txt", "data/drop.txt", true)]
    [InlineData("!data/keep.txt\ndata", "data/keep.txt", true)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README.md", false)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true)]
    [InlineData("data\n  !  data/keep.txt  ", "data/keep.txt", false)]
    [InlineData("data\n!data/sub", "data/sub/deep/x.txt", false)]
    [InlineData("", "anything", false)]
    public void IsExcluded_FollowsDockerSemantics(string lines, string path, bool excluded)
    {
        Assert.Equal(excluded, Rules(lines).IsExcluded(path));
    }

    [Theory]
    [InlineData("data", "data", true)]
    [InlineData("data", "src", false)]
    [InlineData("data", "data/sub", true)]
    [InlineData("data\n!data/keep.txt", "data", false)]
    [InlineData("data\n!data/keep.txt", "data/sub", true)]
    [InlineData("data\n!**/keep.txt", "data", false)]
    [InlineData("data\n!**/keep.txt", "data/sub", false)]
    [InlineData("data\n!data/*/keep.txt", "data", false)]
    [InlineData("data\n!data/*/keep.txt", "data/x", false)]
    [InlineData("data\n!data/*/keep.txt", "data/x/y", true)]
    [InlineData("data\n!other/*.txt", "data", true)]
    [InlineData("!data/keep.txt\ndata", "data", true)]
    [InlineData("*\n!src", "docs", true)]
    [InlineData("*\n!src", "src", false)]
    [InlineData("data/**\n!data/keep/**", "data/other", true)]
    [InlineData("data/**\n!data/keep/**", "data/keep", false)]
    [InlineData("data\n!data/k[a-z]*/x", "data/kept", false)]
    [InlineData("data\n!data/k[a-z]*/x", "data/other", true)]
    public void CanSkipDirectory_OnlyWhenNothingBelowCanComeBack(string lines, string directory, bool canSkip)
    {
        Assert.Equal(canSkip, Rules(lines).CanSkipDirectory(directory));
    }

    [Fact]
    public void CanSkipDirectory_IsFalseForTheContextRoot()
    {
        Assert.False(Rules("*").CanSkipDirectory("."));
        Assert.False(Rules("*").IsExcluded("."));
    }

    [Fact]
    public void Patterns_AreCleanedAndKeepTheirExceptionMark()
    {
        Assert.Equal(["build", "!build/keep", "a/b"], Rules("# c\n/build/\n ! build/keep \na//./b").Patterns);
    }

    [Theory]
    [InlineData("[a")]
    [InlineData("a[]b")]
    [InlineData("[z-a]")]
    [InlineData("!")]
    [InlineData("x\\")]
    public void Parse_RejectsInvalidPatternsWithTheirLine(string invalid)
    {
        if (OperatingSystem.IsWindows() && invalid.Contains('\\'))
        {
            return; // on Windows a backslash is a separator, as in Docker
        }

        var error = Assert.Throws<CalibanException>(() => DockerIgnore.Parse(["ok", invalid], "the test patterns"));

        Assert.Equal(ErrorCodes.DockerIgnorePatternInvalid, error.Code);
        Assert.Contains("the test patterns, line 2", error.Message);
        Assert.Contains(invalid.Trim(), error.Message);
    }

    [Fact]
    public void Load_ReadsTheProjectFileAndNamesItInErrors()
    {
        using var project = new TempProject();
        Assert.Same(DockerIgnore.Empty, DockerIgnore.Load(project.Root));

        project.Write(".dockerignore", "\uFEFF# comment\r\ndata\r\n!data/keep.txt\r\n");
        var rules = DockerIgnore.Load(project.Root);
        Assert.True(rules.IsExcluded("data/x"));
        Assert.False(rules.IsExcluded("data/keep.txt"));

        project.Write(".dockerignore", "data\n[oops\n");
        var error = Assert.Throws<CalibanException>(() => DockerIgnore.Load(project.Root));
        Assert.Equal(ErrorCodes.DockerIgnorePatternInvalid, error.Code);
        Assert.Equal(project.PathOf(".dockerignore"), error.File);
        Assert.Contains(".dockerignore, line 2", error.Message);
    }
}
