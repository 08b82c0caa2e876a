using Caliban.Cli.Mapping;
using Caliban.Cli.Parsing;
using Caliban.Core.Experiments;

namespace Caliban.Cli.Tests;

/// <summary>Caliban's flags → Caliban.Sdk properties and items, in-process: the contract with the cloud and cluster targets.</summary>
public sealed class FlagMappingTests
{
    private static BuildInvocation Map(params string[] args)
    {
        var tree = new CommandTree();
        var (parse, program) = CalibanApp.Parse(tree, args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        var leaf = tree.LeafOf(parse.CommandResult.Command) ?? throw new InvalidOperationException("not a leaf command");
        return FlagMapping.Map(leaf, parse, tree, program);
    }

    [Fact]
    public void Run_flags_become_the_run_properties_and_extra_dir_items()
    {
        var run = Map("run", "trainer.train", "--nogpu", "--extras", "tf", "--extras", "viz", "-d", "data", "--dir", "more",
            "--no_cache", "--experiment_config", "sweep.json", "--dry_run", "--image_id", "sha256:abc", "--xgroup", "mnist", "--", "--epochs", "3");

        Assert.Equal(["CalibanRun"], run.Targets);
        Assert.Equal(new Dictionary<string, string>
        {
            ["CalibanArgs"] = "--epochs 3",
            ["CalibanDryRun"] = "true",
            ["CalibanEntryPoint"] = "trainer.train",
            ["CalibanExperimentConfig"] = "sweep.json",
            ["CalibanExperimentGroup"] = "mnist",
            ["CalibanExtras"] = "tf;viz",
            ["CalibanImage"] = "sha256:abc",
            ["CalibanNoCache"] = "true",
            ["CalibanUseGpu"] = "false",
        }, run.Properties);
        Assert.Equal(["data", "more"], run.Items.Where(i => i.ItemType == "CalibanExtraDir").Select(i => i.Include));
    }

    [Fact]
    public void Nothing_given_means_no_property_so_the_project_and_sdk_defaults_apply()
    {
        var run = Map("run");
        Assert.Empty(run.Properties);
        Assert.Empty(run.Items);
        Assert.Equal(["CalibanBuild"], Map("build").Targets);
    }

    [Fact]
    public void Cloud_flags_map_to_the_cloud_contract()
    {
        var cloud = Map("cloud", "trainer.train", "--project_id", "my-project", "--region", "europe-west4", "--machine_type", "n1-standard-8",
            "--gpu_spec", "2xV100", "--tpu_spec", "8xV3", "--force", "--name", "mnist", "-l", "team=vision", "--label", "note=a=b",
            "--image_tag", "gcr.io/p/i:1", "--cloud_key", "key.json", "--xgroup", "g");

        Assert.Equal(["CalibanCloud"], cloud.Targets);
        Assert.Equal("my-project", cloud.Properties["CalibanCloudProject"]);
        Assert.Equal("europe-west4", cloud.Properties["CalibanCloudRegion"]);
        Assert.Equal("n1-standard-8", cloud.Properties["CalibanMachineType"]);
        Assert.Equal("2xV100", cloud.Properties["CalibanGpuSpec"]);
        Assert.Equal("8xV3", cloud.Properties["CalibanTpuSpec"]);
        Assert.Equal("true", cloud.Properties["CalibanSkipValidation"]);
        Assert.Equal("mnist", cloud.Properties["CalibanJobName"]);
        Assert.Equal("gcr.io/p/i:1", cloud.Properties["CalibanImage"]);
        Assert.Equal("key.json", cloud.Properties["CalibanCloudKeyFile"]);
        var labels = cloud.Items.Where(i => i.ItemType == "CalibanLabel").Select(i => (i.Include, i.Metadata["Value"])).ToArray();
        Assert.Equal([("team", "vision"), ("note", "a=b")], labels); // split at the first '='
    }

    [Fact]
    public void Cluster_flags_map_to_the_cluster_contract()
    {
        var submit = Map("cluster", "job", "submit", "trainer.train", "--cluster_name", "kind-dev", "--namespace", "research",
            "--min_cpu", "1500", "--min_mem", "7000", "--gpu_spec", "1xT4", "--nonpreemptible", "--name", "mnist", "-l", "a=b", "--dry_run");

        Assert.Equal(["CalibanCluster"], submit.Targets);
        Assert.Equal("kind-dev", submit.Properties["CalibanKubeContext"]);
        Assert.Equal("research", submit.Properties["CalibanKubeNamespace"]);
        Assert.Equal("1500m", submit.Properties["CalibanMinCpu"]);
        Assert.Equal("7000M", submit.Properties["CalibanMinMemory"]);
        Assert.Equal("1xT4", submit.Properties["CalibanGpuSpec"]);
        Assert.Equal("false", submit.Properties["CalibanSpot"]);
        Assert.Equal("mnist", submit.Properties["CalibanJobName"]);
        Assert.Equal("true", submit.Properties["CalibanDryRun"]);
        Assert.Single(submit.Items, i => i.ItemType == "CalibanLabel" && i.Include == "a" && i.Metadata["Value"] == "b");

        var file = Map("cluster", "job", "submit_file", "job.yaml", "--cluster_name", "kind-dev");
        Assert.Equal(["CalibanClusterSubmitFile"], file.Targets);
        Assert.Equal("job.yaml", file.Properties["CalibanManifestFile"]);
    }

    [Fact]
    public void History_commands_map_to_their_targets()
    {
        Assert.Equal(["CalibanStop"], Map("stop", "--xgroup", "g").Targets);
        var resubmit = Map("resubmit", "--xgroup", "g", "--all_jobs", "--project_id", "p");
        Assert.Equal(["CalibanResubmit"], resubmit.Targets);
        Assert.Equal("true", resubmit.Properties["CalibanResubmitAll"]);
        Assert.Equal("g", resubmit.Properties["CalibanExperimentGroup"]);
        Assert.Equal("p", resubmit.Properties["CalibanCloudProject"]);
    }

    [Fact]
    public void Nogpu_with_a_gpu_spec_is_a_usage_error()
    {
        var error = Assert.Throws<UsageError>(() => Map("cloud", "trainer.train", "--nogpu", "--gpu_spec", "2xV100"));
        Assert.Equal("CAL1707", error.Code);
        Assert.Contains("--gpu_spec 2xV100", error.Message);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("=vision")]
    public void A_label_that_is_not_key_equals_value_is_a_usage_error(string label)
    {
        var error = Assert.Throws<UsageError>(() => Map("cloud", "trainer.train", "-l", label));
        Assert.Equal("CAL1708", error.Code);
        Assert.Contains(label, error.Message);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("it's")]
    [InlineData("")]
    [InlineData("$HOME and `date` and \"quotes\" and \\backslash")]
    [InlineData("tab\there\nnewline")]
    [InlineData("--lr=0.1")]
    public void Program_arguments_survive_the_sdks_shell_like_splitting_exactly(string argument)
    {
        string[] arguments = ["--before", argument, "--after"];
        Assert.Equal(arguments, CommandLineWords.Split(ProgramArguments.Join(arguments)));
    }

    [Fact]
    public void Program_arguments_are_everything_after_the_first_double_dash_even_flags_of_ours()
    {
        var run = Map("run", "trainer.train", "--", "--nogpu", "--", "x");
        Assert.False(run.Properties.ContainsKey("CalibanUseGpu"));
        Assert.Equal(["--nogpu", "--", "x"], CommandLineWords.Split(run.Properties["CalibanArgs"]));
    }
}
