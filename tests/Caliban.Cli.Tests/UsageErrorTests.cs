using Caliban.Cli.Parsing;

namespace Caliban.Cli.Tests;

/// <summary>Command-line mistakes as a new user makes them: one line that says what is wrong and what to do.</summary>
public sealed class UsageErrorTests
{
    private static UsageError Error(params string[] args)
    {
        var tree = new CommandTree();
        var (parse, _) = CalibanApp.Parse(tree, args);
        return UsageErrors.Describe(parse, tree);
    }

    [Theory]
    [InlineData("--experimnt_config", "--experiment_config")]
    [InlineData("--no-cache", "--no_cache")]
    [InlineData("--ext", "--extras")]
    [InlineData("--dryrun", "--dry_run")]
    public void A_mistyped_flag_suggests_the_closest(string typed, string meant)
    {
        var error = Error("run", typed, "x", "trainer.train");
        Assert.Equal("CAL1701", error.Code);
        Assert.Contains($"did you mean '{meant}'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_flag_of_another_command_names_the_commands_it_belongs_to()
    {
        var error = Error("status", "--gpu_spec", "2xV100");
        Assert.Equal("CAL1702", error.Code);
        Assert.Contains("caliban cloud", error.Message);
        Assert.Contains("caliban cluster job submit", error.Message);
    }

    [Fact]
    public void Program_flags_before_the_double_dash_are_explained()
    {
        var error = Error("run", "trainer.train", "--lr", "0.1");
        Assert.Contains("caliban run trainer.train -- --lr 0.1", error.Message);
    }

    [Fact]
    public void A_program_flag_without_a_module_is_not_taken_for_the_module()
    {
        var error = Error("run", "--frobnicate");
        Assert.Contains("caliban run MODULE -- --frobnicate.", error.Message);
    }

    [Fact]
    public void An_unknown_command_suggests_the_closest()
    {
        var error = Error("cluster", "job", "sumbit");
        Assert.Equal("CAL1703", error.Code);
        Assert.Contains("did you mean 'submit'", error.Message);
    }

    [Fact]
    public void A_bad_value_names_the_flag_and_the_value()
    {
        var error = Error("status", "--max_jobs", "many");
        Assert.Equal("CAL1705", error.Code);
        Assert.Contains("--max_jobs needs a whole number, not 'many'", error.Message);
    }

    [Fact]
    public void Every_leaf_command_has_help_examples()
    {
        var tree = new CommandTree();
        var leaves = CommandTree.AllCommands(tree.Root).Where(c => tree.LeafOf(c) is not null).ToArray();
        Assert.Equal(Enum.GetValues<CliCommand>().Length, leaves.Length);
        Assert.All(leaves, leaf => Assert.NotEmpty(tree.ExamplesOf(leaf)));
    }
}
