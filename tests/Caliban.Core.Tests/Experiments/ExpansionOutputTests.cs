using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class ExpansionOutputTests
{
    private static readonly IReadOnlyList<Experiment> Sweep = ExperimentConfig.Parse(
        """{"lr": [1e-5, 0.1], "on": false, "name": "é \"q\"", "n": 10000000000000000000000, "l": [[1, true, "x"]]}""",
        "sweep.json");

    [Fact]
    public void JsonIsOneLineOfTheExpandedDictsAsPythonDumpsThem()
    {
        Assert.Equal(
            """[{"lr": 1e-05, "on": false, "name": "\u00e9 \"q\"", "n": 10000000000000000000000, "l": [1, true, "x"]}, """ +
            """{"lr": 0.1, "on": false, "name": "\u00e9 \"q\"", "n": 10000000000000000000000, "l": [1, true, "x"]}]""" + "\n",
            ExpansionOutput.Json(Sweep));
    }

    [Fact]
    public void PrettyJsonIndentsByTwo()
    {
        var experiments = ExperimentConfig.Parse("""[{"a": [1, 2], "b": [[]]}, {}]""", "pretty.json");

        const string expected = """
            [
              {
                "a": 1,
                "b": []
              },
              {
                "a": 2,
                "b": []
              },
              {}
            ]

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), ExpansionOutput.PrettyJson(experiments));
    }

    [Fact]
    public void PrettyJsonIndentsNestedLists()
    {
        var experiments = ExperimentConfig.Parse("""{"a": [[1, [2]]]}""", "nested.json");

        const string expected = """
            [
              {
                "a": [
                  1,
                  [
                    2
                  ]
                ]
              }
            ]

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), ExpansionOutput.PrettyJson(experiments));
    }

    [Fact]
    public void FlagsPrintOneArgumentLinePerJob()
    {
        Assert.Equal(
            "--lr 1e-05 --name é \"q\" --n 10000000000000000000000 --l [1, True, 'x']\n" +
            "--lr 0.1 --name é \"q\" --n 10000000000000000000000 --l [1, True, 'x']\n",
            ExpansionOutput.Flags(Sweep));
    }

    [Fact]
    public void EmptyValuesKeepTheirSeparators()
    {
        var experiments = ExperimentConfig.Parse("""{"a": "", "b": 1}""", "e.json");

        Assert.Equal("--a  --b 1\n", ExpansionOutput.Flags(experiments));
    }

    [Fact]
    public void NoJobsPrintAnEmptyList()
    {
        Assert.Equal("[]\n", ExpansionOutput.Json([]));
        Assert.Equal("[]\n", ExpansionOutput.PrettyJson([]));
        Assert.Equal("", ExpansionOutput.Flags([]));
        Assert.Equal("[{}]\n", ExpansionOutput.Json(ExperimentConfig.Parse("{}", "e.json")));
    }

    [Fact]
    public void InfinitiesAndNegativeZeroAreWrittenAsPythonDoes()
    {
        var experiments = ExperimentConfig.Parse("""{"a": [1e999, -1e999, -0.0, -0]}""", "inf.json");

        Assert.Equal("""[{"a": Infinity}, {"a": -Infinity}, {"a": -0.0}, {"a": 0}]""" + "\n", ExpansionOutput.Json(experiments));
    }

    [Fact]
    public void ExperimentsMadeFromFlagsPrintTheirFlags()
    {
        var experiment = new Experiment([new("seed", "1"), new("verbose", null)]);

        Assert.Equal("""[{"seed": "1", "verbose": true}]""" + "\n", ExpansionOutput.Json([experiment]));
    }
}
