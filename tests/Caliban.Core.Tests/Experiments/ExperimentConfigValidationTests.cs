using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class ExperimentConfigValidationTests
{
    [Theory]
    [InlineData("\"text\"", "$")]
    [InlineData("3", "$")]
    [InlineData("null", "$")]
    [InlineData("true", "$")]
    [InlineData("[{}, 3]", "$[1]")]
    [InlineData("[{}, [{}, \"x\"]]", "$[1][1]")]
    [InlineData("[null]", "$[0]")]
    public void TopLevelAndListEntriesMustBeObjectsOrLists(string json, string path)
    {
        var error = Fails(json, ErrorCodes.ExperimentConfigInvalidShape);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("", "$[\"\"]")]
    [InlineData("a b", "$[\"a b\"]")]
    [InlineData("a,b", "$[\"a,b\"]")]
    [InlineData("[", "$[\"[\"]")]
    [InlineData("]", "$[\"]\"]")]
    [InlineData("[]", "$[\"[]\"]")]
    [InlineData("[ ]", "$[\"[ ]\"]")]
    [InlineData("eh[", "$[\"eh[\"]")]
    [InlineData("a]", "$[\"a]\"]")]
    [InlineData("[a,,b]", "$[\"[a,,b]\"]")]
    [InlineData("[,a]", "$[\"[,a]\"]")]
    [InlineData("[a,]", "$[\"[a,]\"]")]
    [InlineData("]a]", "$[\"]a]\"]")]
    [InlineData("[a b]", "$[\"[a b]\"]")]
    [InlineData("[[a]]", "$[\"[[a]]\"]")]
    [InlineData(" a", "$[\" a\"]")]
    [InlineData("a\u001f", "$[\"a\\u001f\"]")]
    [InlineData("a\u00a0b", "$[\"a\u00a0b\"]")]
    public void InvalidKeysAreRejected(string key, string path)
    {
        var json = "{\"ok\": 1, " + JsonText(key) + ": 1}";

        var error = Fails(json, ErrorCodes.ExperimentKeyInvalid);
        Assert.Contains(path, error.Message);
        Assert.Contains("compound key", error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("learning-rate")]
    [InlineData("x.y=z")]
    [InlineData("é")]
    [InlineData("[a]")]
    [InlineData("[a,b]")]
    [InlineData("[ a ,b ]")]
    [InlineData("[\ta,\nb]")]
    public void ValidKeysAreAccepted(string key)
    {
        var value = key.StartsWith('[') ? "[" + string.Join(", ", Enumerable.Repeat("1", key.Count(c => c == ',') + 1)) + "]" : "1";
        Assert.Single(ExperimentConfig.Parse("{" + JsonText(key) + ": " + value + "}", ExperimentArguments.Source));
    }

    [Fact]
    public void InvalidKeysAreFoundInNestedSweeps()
    {
        var error = Fails("""[{"a": 1}, [{"b": 2}, {"c d": 3}]]""", ErrorCodes.ExperimentKeyInvalid);
        Assert.Contains("$[1][1][\"c d\"]", error.Message);
    }

    [Theory]
    [InlineData("""{"lr": null}""", "$.lr", "null")]
    [InlineData("""{"lr": {"x": 1}}""", "$.lr", "{\"x\": 1}")]
    [InlineData("""[{"a": 1}, {"learning_rate": [0.1, 0.2, null]}]""", "$[1].learning_rate[2]", "null")]
    [InlineData("""{"a": [1, [2, {"deep": true}]]}""", "$.a[1][1]", "{\"deep\": true}")]
    [InlineData("""{"[a,b]": [1, null]}""", "$[\"[a,b]\"][1]", "null")]
    [InlineData("""{"a": "\ud800"}""", "$.a", "surrogate")]
    public void NullsAndObjectsAreRejectedAnywhere(string json, string path, string shown)
    {
        var error = Fails(json, ErrorCodes.ExperimentValueInvalid);
        Assert.Contains(path, error.Message);
        Assert.Contains(shown, error.Message);
    }

    [Theory]
    [InlineData("""{"[a,b]": 1}""", "1")]
    [InlineData("""{"[a,b]": "ab"}""", "ab")]
    [InlineData("""{"[a]": true}""", "True")]
    public void CompoundKeysNeedAList(string json, string shown)
    {
        var error = Fails(json, ErrorCodes.ExperimentCompoundValueNotList);
        Assert.Contains("$[\"[", error.Message);
        Assert.Contains("value is " + shown + ".", error.Message);
    }

    [Theory]
    [InlineData("""{"[a,b]": [1]}""", "$[\"[a,b]\"]", "has 1 value ")]
    [InlineData("""{"[a,b]": [1, 2, 3]}""", "$[\"[a,b]\"]", "has 3 values")]
    [InlineData("""{"[a,b]": [[1, 2], [3]]}""", "$[\"[a,b]\"][1]", "has 1 value ")]
    [InlineData("""{"[a,b]": [[]]}""", "$[\"[a,b]\"][0]", "has 0 values")]
    [InlineData("""{"[a]": [[1, 2]]}""", "$[\"[a]\"][0]", "has 2 values")]
    [InlineData("""{"[a,b]": [[1, 2], 3]}""", "$[\"[a,b]\"][1]", "not a list")]
    [InlineData("""{"[a,b]": [[1, 2], "ab"]}""", "$[\"[a,b]\"][1]", "not a list")]
    public void CompoundTuplesNeedOneValuePerName(string json, string path, string detail)
    {
        var error = Fails(json, ErrorCodes.ExperimentCompoundArity);
        Assert.Contains(path, error.Message);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void EveryValidationErrorNamesTheSourceAndSaysWhatToDo()
    {
        string[] invalid = ["3", """{"a b": 1}""", """{"a": null}""", """{"[a,b]": 1}""", """{"[a,b]": [1]}"""];
        foreach (var json in invalid)
        {
            var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Parse(json, "configs/sweep.json"));
            Assert.StartsWith("Experiment config configs/sweep.json: ", error.Message);
            Assert.Equal("configs/sweep.json", error.File);
            Assert.Matches(@"(Use|Give|Replace|Wrap|Make) ", error.Message);
        }
    }

    [Fact]
    public void HugeSweepsAreRefusedBeforeExpanding()
    {
        var tenValues = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        var json = "{" + string.Join(", ", Enumerable.Range(0, 20).Select(i => $"\"k{i}\": {tenValues}")) + "}";

        var error = Fails(json, ErrorCodes.ExperimentConfigTooLarge);
        Assert.Contains("1,000,000", error.Message);
    }

    [Fact]
    public void TheJobLimitCountsAllSweepsTogether()
    {
        var thousand = "[" + string.Join(", ", Enumerable.Range(0, 1000)) + "]";
        var millionJobs = $$"""{"a": {{thousand}}, "b": {{thousand}}}""";

        Fails($$"""[{{millionJobs}}, {"c": 1}]""", ErrorCodes.ExperimentConfigTooLarge);
    }

    private static CalibanException Fails(string json, string code)
    {
        var error = Assert.Throws<CalibanException>(() => ExperimentConfig.Parse(json, ExperimentArguments.Source));
        Assert.Equal(code, error.Code);
        Assert.Equal(ExperimentArguments.Source, error.File);
        Assert.Contains(ExperimentArguments.Source, error.Message);
        return error;
    }

    private static string JsonText(string text)
    {
        var output = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') output.Append('\\').Append(c);
            else if (c < ' ') output.Append($"\\u{(int)c:x4}");
            else output.Append(c);
        }

        return output.Append('"').ToString();
    }
}
