using System.Diagnostics;
using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class ExperimentStressTests
{
    [Fact]
    public void AHundredThousandJobsExpandAndPlanQuickly()
    {
        const string json = """
            {"a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "b": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
             "c": ["x", "y", "z", "w", "v", "u", "t", "s", "r", "q"], "d": [true, false, true, false, true, false, true, false, true, false],
             "[e,f]": [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15, 16], [17, 18], [19, 20]],
             "fixed": "same"}
            """;
        ExperimentConfig.Parse("""{"warm": [1, 2]}""", "warmup.json");

        var clock = Stopwatch.StartNew();
        var experiments = ExperimentConfig.Parse(json, "big.json");
        var jobs = JobPlanner.Plan(["--prefix"], [], experiments);
        clock.Stop();

        Assert.Equal(100_000, jobs.Count);
        Assert.Equal(["--prefix", "--a", "1", "--b", "0.1", "--c", "x", "--d", "--e", "1", "--f", "2", "--fixed", "same"], jobs[0].Arguments);
        Assert.Equal(["--prefix", "--a", "10", "--b", "1.0", "--c", "q", "--e", "19", "--f", "20", "--fixed", "same"], jobs[^1].Arguments);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"expanding and planning 100,000 jobs took {clock.Elapsed}");
    }

    [Fact]
    public void RandomInputNeverFailsWithAnythingButACalibanException()
    {
        var random = new Random(1400);
        string[] pieces = ["{", "}", "[", "]", ",", ":", "\"a\"", "\"[a,b]\"", "\"[x]\"", "\"\"", "1", "-0", "1e999", "0.5", "true",
                           "false", "null", "#c\n", "//c\n", "/*", "*/", "\"\\ud800\"", "\"\\u00e9\"", " ", "\n", "\"", "\\", "tru", "[[", "]]"];
        for (var round = 0; round < 5000; round++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 24);
            for (var i = 0; i < length; i++) text.Append(pieces[random.Next(pieces.Length)]);
            AssertOnlyCalibanErrors(text.ToString());
        }

        for (var round = 0; round < 2000; round++)
        {
            var bytes = new char[random.Next(0, 30)];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = (char)random.Next(0, 0x3000);
            AssertOnlyCalibanErrors(new string(bytes));
        }
    }

    [Fact]
    public void DeepNestingIsAnErrorNotACrash()
    {
        AssertOnlyCalibanErrors(new string('[', 10_000) + new string(']', 10_000));
        AssertOnlyCalibanErrors("{\"a\": " + new string('[', 60) + new string(']', 60) + "}");
    }

    private static void AssertOnlyCalibanErrors(string text)
    {
        try
        {
            foreach (var experiment in ExperimentConfig.Parse(text, "fuzz.json"))
            {
                _ = experiment.ToArguments();
                _ = experiment.Describe();
            }

            _ = CommandLineWords.Split(text);
        }
        catch (CalibanException error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.DoesNotContain("   at ", error.Message);
        }
    }
}
