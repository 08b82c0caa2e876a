using System.Text.Json;
using Caliban.Cli.Parsing;
using Caliban.Cli.Tests.Infrastructure;

namespace Caliban.Cli.Tests;

/// <summary>`--help` of every command and the `expansion` tool's three output formats, from the installed tool.</summary>
[Collection("cli")]
public sealed class HelpAndExpansionTests(ToolFeed feed)
{
    public static TheoryData<string> Commands()
    {
        var tree = new CommandTree();
        var data = new TheoryData<string>();
        foreach (var command in CommandTree.AllCommands(tree.Root).Where(c => tree.LeafOf(c) is not null))
            data.Add(CommandTree.PathOf(command)["caliban ".Length..]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_help_with_its_flags_and_examples(string command)
    {
        using var repo = new CliRepo(feed);
        var tree = new CommandTree();
        var leaf = CommandTree.AllCommands(tree.Root).Single(c => CommandTree.PathOf(c) == "caliban " + command);

        var help = repo.Caliban([.. command.Split(' '), "--help"]);

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains($"caliban {command}", help.Output);
        Assert.Contains("Examples:", help.Output);
        foreach (var example in tree.ExamplesOf(leaf)) Assert.Contains(example, help.Output);
        foreach (var option in leaf.Options) Assert.Contains(option.Name, help.Output);
    }

    [Fact]
    public void The_top_level_help_lists_the_commands_and_the_exit_codes()
    {
        using var repo = new CliRepo(feed);
        var help = repo.Caliban("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "build", "run", "cloud", "cluster", "status", "stop", "resubmit", "shell", "notebook", "expansion" })
            Assert.Contains($"  {command}", help.Output);
        Assert.Contains("2 usage error", help.Output);
        Assert.Contains(feed.Version, repo.Caliban("--version").Output);
    }

    private const string Config = """
        # two learning rates; the first key varies slowest
        [{ "lr": [1e-5, 1e2], "verbose": true, "quiet": false }, { "[a,b]": [[1, "x"], [2, "y"]] }]
        """;

    [Fact]
    public void Expansion_prints_one_line_of_json_like_calibans_tool()
    {
        using var repo = new CliRepo(feed).Write("sweep.json", Config);
        var result = repo.Caliban("expansion", "sweep.json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""[{"lr": 1e-05, "verbose": true, "quiet": false}, {"lr": 100.0, "verbose": true, "quiet": false}, {"a": 1, "b": "x"}, {"a": 2, "b": "y"}]""" + "\n", result.Output);
    }

    [Fact]
    public void Expansion_pprint_is_indented_json_and_print_flags_one_line_per_job()
    {
        using var repo = new CliRepo(feed).Write("sweep.json", Config);
        var pretty = repo.Caliban("expansion", "--pprint", "sweep.json");
        Assert.True(pretty.ExitCode == 0, pretty.ToString());
        Assert.Contains("\n  {\n    \"lr\": 1e-05,", pretty.Output);
        Assert.Equal(4, JsonDocument.Parse(pretty.Output).RootElement.GetArrayLength());

        var flags = repo.Caliban(["expansion", "--print_flags", "stdin"], null, stdin: Config);
        Assert.True(flags.ExitCode == 0, flags.ToString());
        Assert.Equal("--lr 1e-05 --verbose\n--lr 100.0 --verbose\n--a 1 --b x\n--a 2 --b y\n", flags.Output);
    }

    [Fact]
    public void Expansion_of_a_missing_config_is_a_usage_error()
    {
        using var repo = new CliRepo(feed);
        var result = repo.Caliban("expansion", "nope.json");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error CAL1401: ", result.Output);
        Assert.Contains("nope.json", result.Output);
    }
}
