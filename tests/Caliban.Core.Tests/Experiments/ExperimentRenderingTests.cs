using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class ExperimentRenderingTests
{
    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("1e2", "100.0")]
    [InlineData("1E2", "100.0")]
    [InlineData("1e20", "1e+20")]
    [InlineData("1e16", "1e+16")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("123456789012345.0", "123456789012345.0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("0.0", "0.0")]
    [InlineData("0.1", "0.1")]
    [InlineData("1.5e300", "1.5e+300")]
    [InlineData("1.5e-7", "1.5e-07")]
    [InlineData("-2.5e-10", "-2.5e-10")]
    [InlineData("12345.678", "12345.678")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("1e400", "inf")]
    [InlineData("-1e400", "-inf")]
    public void FloatsRenderLikePythonStr(string json, string expected)
    {
        Assert.Equal(new[] { new[] { "--x", expected } }, ExperimentArguments.Of($$"""{"x": {{json}}}"""));
    }

    [Theory]
    [InlineData("7", "7")]
    [InlineData("-3", "-3")]
    [InlineData("-0", "0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void IntegersKeepTheirJsonText(string json, string expected)
    {
        Assert.Equal(new[] { new[] { "--x", expected } }, ExperimentArguments.Of($$"""{"x": {{json}}}"""));
    }

    [Theory]
    [InlineData("""{"flag": true}""", new[] { "--flag" })]
    [InlineData("""{"flag": false}""", new string[0])]
    [InlineData("""{"name": ""}""", new[] { "--name", "" })]
    [InlineData("""{"name": "a b 'c' \"d\""}""", new[] { "--name", "a b 'c' \"d\"" })]
    [InlineData("""{"name": "$HOME; rm -rf /"}""", new[] { "--name", "$HOME; rm -rf /" })]
    [InlineData("""{"name": "ü\n\t"}""", new[] { "--name", "ü\n\t" })]
    [InlineData("""{"x": 1, "flag": false, "y": true}""", new[] { "--x", "1", "--y" })]
    public void ScalarsBecomeFlags(string json, string[] expected)
    {
        Assert.Equal(expected, Assert.Single(ExperimentArguments.Of(json)));
    }

    [Theory]
    [InlineData("[1, 2]", "[1, 2]")]
    [InlineData("[]", "[]")]
    [InlineData("""["a", "b"]""", "['a', 'b']")]
    [InlineData("""["it's"]""", "[\"it's\"]")]
    [InlineData("""["it's \"x\""]""", "['it\\'s \"x\"']")]
    [InlineData("""["back\\slash", "tab\there", "nl\n"]""", "['back\\\\slash', 'tab\\there', 'nl\\n']")]
    [InlineData("""["\u0001\u007f\u00a0\u00ad", "é😀"]""", "['\\x01\\x7f\\xa0\\xad', 'é😀']")]
    [InlineData("""["\u200b\u2028"]""", "['\\u200b\\u2028']")]
    [InlineData("[true, false]", "[True, False]")]
    [InlineData("[1.0, 1e-5, 1e20, -0.0]", "[1.0, 1e-05, 1e+20, -0.0]")]
    [InlineData("""[[1, [2, "x"]], []]""", "[[1, [2, 'x']], []]")]
    public void ListsNestedUnderAKeyRenderAsPythonStrOfTheList(string innerList, string expected)
    {
        Assert.Equal(new[] { new[] { "--x", expected } }, ExperimentArguments.Of($$"""{"x": [{{innerList}}]}"""));
    }

    [Fact]
    public void ExperimentValuesConvertToPythonStrings()
    {
        Assert.Equal("100.0", new ExperimentValue.Float(100).ToPythonString());
        Assert.Equal("True", new ExperimentValue.Boolean(true).ToPythonString());
        Assert.Equal("a'b", new ExperimentValue.Text("a'b").ToPythonString());
        Assert.Equal("[1, 'a']", new ExperimentValue.Sequence([new ExperimentValue.Integer("1"), new ExperimentValue.Text("a")]).ToPythonString());
    }

    [Fact]
    public void ArgumentsAndDescriptionFollowTheFlags()
    {
        var experiment = new Experiment([new("learning_rate", "0.01"), new("verbose", null), new("tag", "")]);

        Assert.Equal(["--learning_rate", "0.01", "--verbose", "--tag", ""], experiment.ToArguments());
        Assert.Equal("learning_rate=0.01 verbose tag=", experiment.Describe());
        Assert.Equal("", new Experiment([]).Describe());
        Assert.Empty(new Experiment([]).ToArguments());
    }

    [Fact]
    public void ExperimentsBuiltFromFlagsReportThemAsSettings()
    {
        var experiment = new Experiment([new("seed", "1"), new("verbose", null)]);

        Assert.Equal(
            [new ExperimentSetting("seed", new ExperimentValue.Text("1")), new ExperimentSetting("verbose", new ExperimentValue.Boolean(true))],
            experiment.Settings);
    }

    [Fact]
    public void ExpandedExperimentsCompareByValue()
    {
        var first = ExperimentConfig.Parse("""{"a": [[1, 2]], "b": "x"}""", "one.json");
        var second = ExperimentConfig.Parse("""{"a": [[1, 2]], "b": "x"}""", "two.json");

        Assert.Equal(first, second);
        Assert.NotEqual(first, ExperimentConfig.Parse("""{"a": [[1, 2]], "b": "y"}""", "three.json"));
    }
}
