using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Cloud;

public sealed class GoogleCloudDefaultsTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("caliban-gcloud-");

    public void Dispose() => _home.Delete(recursive: true);

    private string GcloudFolder => Path.Combine(_home.FullName, ".config", "gcloud");

    private void WriteConfiguration(string name, string ini, string? folder = null)
    {
        var configurations = Path.Combine(folder ?? GcloudFolder, "configurations");
        Directory.CreateDirectory(configurations);
        File.WriteAllText(Path.Combine(configurations, $"config_{name}"), ini);
    }

    private void Activate(string name, string? folder = null) => File.WriteAllText(Path.Combine(folder ?? GcloudFolder, "active_config"), name + "\n");

    private GoogleCloudDefaults Defaults(params (string Name, string? Value)[] environment) =>
        new(environment.ToDictionary(e => e.Name, e => e.Value), _home.FullName);

    [Fact]
    public void The_property_comes_first()
    {
        WriteConfiguration("default", "[core]\nproject = from-gcloud\n");
        var project = Defaults(("CLOUDSDK_CORE_PROJECT", "from-env-var")).ResolveProject(" my-project ");
        Assert.Equal(new ResolvedSetting("my-project", "the property CalibanCloudProject"), project);
    }

    [Fact]
    public void Environment_variables_come_in_order_before_gcloud()
    {
        WriteConfiguration("default", "[core]\nproject = from-gcloud\n");
        Assert.Equal("core-project", Defaults(("CLOUDSDK_CORE_PROJECT", "core-project"), ("GOOGLE_CLOUD_PROJECT", "google-project")).ResolveProject(null).Value);
        Assert.Equal("google-project", Defaults(("CLOUDSDK_CORE_PROJECT", " "), ("GOOGLE_CLOUD_PROJECT", "google-project"), ("PROJECT_ID", "caliban-project")).ResolveProject("").Value);
        var caliban = Defaults(("PROJECT_ID", "caliban-project")).ResolveProject(null);
        Assert.Equal(("caliban-project", "the environment variable PROJECT_ID"), (caliban.Value, caliban.Source));
    }

    [Fact]
    public void The_active_gcloud_configuration_gives_project_and_region()
    {
        WriteConfiguration("default", "[core]\nproject = wrong-one\n");
        WriteConfiguration("work", "# my work setup\n[core]\naccount = a@b.c\nproject = work-project\n\n[compute]\nregion = europe-west4\nzone = europe-west4-a\n");
        Activate("work");
        var defaults = Defaults();
        var project = defaults.ResolveProject(null);
        Assert.Equal("work-project", project.Value);
        Assert.Contains("gcloud's core/project", project.Source);
        Assert.Contains("config_work", project.Source);
        Assert.Equal("europe-west4", defaults.ResolveRegion(null).Value);
    }

    [Fact]
    public void Without_active_config_file_the_default_configuration_is_read()
    {
        WriteConfiguration("default", "[core]\nproject = default-project\n");
        Assert.Equal("default-project", Defaults().ResolveProject(null).Value);
    }

    [Fact]
    public void CLOUDSDK_ACTIVE_CONFIG_NAME_picks_the_configuration()
    {
        WriteConfiguration("default", "[core]\nproject = default-project\n");
        WriteConfiguration("other", "[core]\nproject = other-project\n");
        Activate("default");
        Assert.Equal("other-project", Defaults(("CLOUDSDK_ACTIVE_CONFIG_NAME", "other")).ResolveProject(null).Value);
    }

    [Fact]
    public void CLOUDSDK_CONFIG_moves_the_gcloud_folder()
    {
        var elsewhere = Path.Combine(_home.FullName, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        WriteConfiguration("default", "[core]\nproject = home-project\n");
        WriteConfiguration("ci", "[core]\nproject = ci-project\n", elsewhere);
        Activate("ci", elsewhere);
        Assert.Equal("ci-project", Defaults(("CLOUDSDK_CONFIG", elsewhere)).ResolveProject(null).Value);
    }

    [Fact]
    public void The_legacy_properties_file_is_read_when_there_are_no_configurations()
    {
        Directory.CreateDirectory(GcloudFolder);
        File.WriteAllText(Path.Combine(GcloudFolder, "properties"), "[core]\nproject=legacy-project\n");
        Assert.Equal("legacy-project", Defaults().ResolveProject(null).Value);
    }

    [Fact]
    public void No_project_anywhere_tells_how_to_set_one()
    {
        WriteConfiguration("default", "[core]\naccount = a@b.c\nproject =\n[compute]\nproject = not-core\n");
        var error = Assert.Throws<CalibanException>(() => Defaults().ResolveProject(null));
        Assert.Equal(ErrorCodes.CloudProjectMissing, error.Code);
        Assert.Contains("CalibanCloudProject", error.Message);
        Assert.Contains("gcloud config set project", error.Message);
        Assert.Contains("CLOUDSDK_CORE_PROJECT", error.Message);
    }

    [Fact]
    public void No_home_and_no_environment_reads_nothing()
    {
        var defaults = new GoogleCloudDefaults(new Dictionary<string, string?>(), null);
        Assert.Equal(ErrorCodes.CloudProjectMissing, Assert.Throws<CalibanException>(() => defaults.ResolveProject(null)).Code);
        Assert.Equal(new ResolvedSetting("us-central1", "the default"), defaults.ResolveRegion(null));
        Assert.Null(defaults.Gcloud.Path);
    }

    [Theory]
    [InlineData("my-project")]
    [InlineData("example.com:my-project")]
    [InlineData("123456789012")]
    public void Project_ids_and_numbers_are_accepted(string project) =>
        Assert.Equal(project, Defaults().ResolveProject(project).Value);

    [Theory]
    [InlineData("My-Project")]
    [InlineData("short")]
    [InlineData("1project")]
    [InlineData("trailing-")]
    [InlineData("has_underscore")]
    public void Malformed_projects_say_where_they_came_from(string project)
    {
        var error = Assert.Throws<CalibanException>(() => Defaults(("GOOGLE_CLOUD_PROJECT", project)).ResolveProject(null));
        Assert.Equal(ErrorCodes.CloudProjectInvalid, error.Code);
        Assert.Contains(project, error.Message);
        Assert.Contains("GOOGLE_CLOUD_PROJECT", error.Message);
    }

    [Fact]
    public void Region_order_is_property_ai_compute_caliban_then_gcloud_ai_then_compute()
    {
        WriteConfiguration("default", "[compute]\nregion = asia-east1\n[ai]\nregion = europe-west1\n");
        var all = Defaults(("CLOUDSDK_AI_REGION", "us-east1"), ("CLOUDSDK_COMPUTE_REGION", "us-west1"), ("REGION", "us-east4"));
        Assert.Equal("us-west4", all.ResolveRegion("us-west4").Value);
        Assert.Equal("us-east1", all.ResolveRegion(null).Value);
        Assert.Equal("us-west1", Defaults(("CLOUDSDK_COMPUTE_REGION", "us-west1"), ("REGION", "us-east4")).ResolveRegion(null).Value);
        Assert.Equal("us-east4", Defaults(("REGION", "us-east4")).ResolveRegion(null).Value);
        Assert.Equal("europe-west1", Defaults().ResolveRegion(null).Value);
    }

    [Fact]
    public void Gcloud_compute_region_is_used_when_ai_region_is_unset()
    {
        WriteConfiguration("default", "[compute]\nregion = asia-east1\n");
        var region = Defaults().ResolveRegion(null);
        Assert.Equal("asia-east1", region.Value);
        Assert.Contains("compute/region", region.Source);
    }

    [Theory]
    [InlineData("us-central1-a")]
    [InlineData("global")]
    [InlineData("US-CENTRAL1")]
    public void Zones_and_global_are_not_regions(string region)
    {
        var error = Assert.Throws<CalibanException>(() => Defaults().ResolveRegion(region));
        Assert.Equal(ErrorCodes.CloudRegionInvalid, error.Code);
        Assert.Contains("CalibanCloudRegion", error.Message);
    }

    [Fact]
    public void Ini_parsing_ignores_comments_and_blank_values_and_folds_case()
    {
        var properties = GcloudConfig.ParseIni("; comment\n# comment\n[Core]\r\nProject = p1\r\ndisable_prompts = True\nempty =\n[compute]\nregion: r1\n");
        Assert.Equal("p1", properties[("core", "project")]);
        Assert.Equal("r1", properties[("compute", "region")]);
        Assert.False(properties.ContainsKey(("core", "empty")));
    }
}
