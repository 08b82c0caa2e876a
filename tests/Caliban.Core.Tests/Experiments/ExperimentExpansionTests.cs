using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class ExperimentExpansionTests
{
    [Fact]
    public void FirstKeyVariesSlowestAndKeysKeepFileOrder()
    {
        var lines = ExperimentArguments.Lines("""{"a": [1, 2], "fixed": "x", "b": ["p", "q", "r"]}""");

        Assert.Equal(
            [
                "--a 1 --fixed x --b p",
                "--a 1 --fixed x --b q",
                "--a 1 --fixed x --b r",
                "--a 2 --fixed x --b p",
                "--a 2 --fixed x --b q",
                "--a 2 --fixed x --b r",
            ],
            lines);
    }

    [Fact]
    public void ThreeKeysNestLikeLoopsInFileOrder()
    {
        var lines = ExperimentArguments.Lines("""{"z": [0, 1], "y": [0, 1], "x": [0, 1]}""");

        Assert.Equal(
            ["--z 0 --y 0 --x 0", "--z 0 --y 0 --x 1", "--z 0 --y 1 --x 0", "--z 0 --y 1 --x 1",
             "--z 1 --y 0 --x 0", "--z 1 --y 0 --x 1", "--z 1 --y 1 --x 0", "--z 1 --y 1 --x 1"],
            lines);
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("[]", 0)]
    [InlineData("[{}]", 1)]
    [InlineData("[{}, {}]", 2)]
    [InlineData("""{"a": []}""", 0)]
    [InlineData("""{"a": [], "b": [1, 2]}""", 0)]
    [InlineData("""[{"a": []}, {"b": 1}]""", 1)]
    [InlineData("""{"[a,b]": []}""", 0)]
    [InlineData("""{"[a,b]": [], "c": [1, 2]}""", 0)]
    [InlineData("""[[], [[]]]""", 0)]
    public void JobCounts(string json, int expected)
    {
        Assert.Equal(expected, ExperimentArguments.Of(json).Length);
    }

    [Fact]
    public void EmptyDictIsOneJobWithoutArguments()
    {
        Assert.Empty(Assert.Single(ExperimentArguments.Of("{}")));
    }

    [Fact]
    public void ListsOfDictsConcatenateDepthFirst()
    {
        var lines = ExperimentArguments.Lines("""[{"a": [1, 2]}, [{"b": 3}, [{"c": 4}]], {"d": 5}]""");

        Assert.Equal(["--a 1", "--a 2", "--b 3", "--c 4", "--d 5"], lines);
    }

    [Theory]
    [InlineData("""{"[a,b]": [1, 2]}""", new[] { "--a 1 --b 2" })]
    [InlineData("""{"[a,b]": [[1, 2], [3, 4]]}""", new[] { "--a 1 --b 2", "--a 3 --b 4" })]
    [InlineData("""{"[a,b]": [[1, 2]]}""", new[] { "--a 1 --b 2" })]
    [InlineData("""{"[ a , b ]": ["x", "y"]}""", new[] { "--a x --b y" })]
    [InlineData("""{"[a]": [5]}""", new[] { "--a 5" })]
    [InlineData("""{"[a]": [[5], [6]]}""", new[] { "--a 5", "--a 6" })]
    [InlineData("""{"[a,b]": [1, [2, 3]]}""", new[] { "--a 1 --b [2, 3]" })]
    [InlineData("""{"[a,b]": [true, false]}""", new[] { "--a" })]
    [InlineData("""{"hi": "there", "[k1,k2]": [["v1a", "v2a"], ["v1b", "v2b"]]}""", new[] { "--hi there --k1 v1a --k2 v2a", "--hi there --k1 v1b --k2 v2b" })]
    public void CompoundKeysTieValuesTogether(string json, string[] expected)
    {
        Assert.Equal(expected, ExperimentArguments.Lines(json));
    }

    [Fact]
    public void CompoundTuplesAreOneAxisOfTheProduct()
    {
        var lines = ExperimentArguments.Lines("""{"[bs,lr]": [[32, 0.1], [64, 0.2]], "seed": [0, 1], "c": 1}""");

        Assert.Equal(["--bs 32 --lr 0.1 --seed 0 --c 1", "--bs 32 --lr 0.1 --seed 1 --c 1",
                      "--bs 64 --lr 0.2 --seed 0 --c 1", "--bs 64 --lr 0.2 --seed 1 --c 1"], lines);
    }

    [Theory]
    [InlineData("""{"a": 1, "[a,b]": [2, 3]}""", new[] { "--a 2 --b 3" })]
    [InlineData("""{"[a,b]": [2, 3], "a": 1}""", new[] { "--a 2 --b 3" })]
    [InlineData("""{"a": [1, 9], "b": 0, "[b,c]": [2, 3]}""", new[] { "--a 1 --b 2 --c 3", "--a 9 --b 2 --c 3" })]
    [InlineData("""{"x": 0, "[a,b]": [1, 2], "[b,c]": [3, 4]}""", new[] { "--x 0 --a 1 --b 3 --c 4" })]
    [InlineData("""{"[a,a]": [1, 2]}""", new[] { "--a 2" })]
    public void CollidingNamesKeepTheFirstPositionAndCompoundValuesWin(string json, string[] expected)
    {
        Assert.Equal(expected, ExperimentArguments.Lines(json));
    }

    [Fact]
    public void ALosingPlainListStillMultipliesJobs()
    {
        // Caliban multiplies before splitting compound keys, so the plain key's three values give three jobs.
        Assert.Equal(["--a 7 --b 8", "--a 7 --b 8", "--a 7 --b 8"], ExperimentArguments.Lines("""{"a": [1, 2, 3], "[a,b]": [7, 8]}"""));
    }

    [Fact]
    public void DuplicateJsonKeysKeepTheLastValueAtTheFirstPosition()
    {
        Assert.Equal(["--a 3 --b 2"], ExperimentArguments.Lines("""{"a": 1, "b": 2, "a": 3}"""));
    }

    [Fact]
    public void ListsMultiplyButNestedListsDoNot()
    {
        Assert.Equal(["--a [1, 2]", "--a 3"], ExperimentArguments.Lines("""{"a": [[1, 2], 3]}"""));
    }

    [Fact]
    public void CommentsAreSkippedButNotInsideStrings()
    {
        const string json = """
            # a sweep
            {
              // learning rates
              "lr": [0.1, 0.01], # trailing hash comment
              "url": "http://example.com/#anchor", // a url
              "note": "# not a comment // either"
            }
            """;

        Assert.Equal(
            ["--lr 0.1 --url http://example.com/#anchor --note # not a comment // either",
             "--lr 0.01 --url http://example.com/#anchor --note # not a comment // either"],
            ExperimentArguments.Lines(json));
    }

    [Fact]
    public void SettingsKeepTypedValuesAndFalseFlags()
    {
        var experiment = Assert.Single(ExperimentConfig.Parse("""{"n": 1, "lr": 1e-5, "on": false, "s": "x", "l": [[1]]}""", "s.json"));

        Assert.Equal(
            [
                new ExperimentSetting("n", new ExperimentValue.Integer("1")),
                new ExperimentSetting("lr", new ExperimentValue.Float(1e-5)),
                new ExperimentSetting("on", new ExperimentValue.Boolean(false)),
                new ExperimentSetting("s", new ExperimentValue.Text("x")),
                new ExperimentSetting("l", new ExperimentValue.Sequence([new ExperimentValue.Integer("1")])),
            ],
            experiment.Settings);
        Assert.Equal(["n", "lr", "s", "l"], experiment.Flags.Select(flag => flag.Key));
    }
}
