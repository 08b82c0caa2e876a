using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public class CalibanConfigFileTests
{
    private const string ConfigPath = "/repo/.calibanconfig.json";

    private static CalibanConfig Parse(string json, RecordingLog? log = null) =>
        CalibanConfigFile.Parse(json, ConfigPath, log ?? new RecordingLog());

    private static CalibanException Fails(string json) => Assert.Throws<CalibanException>(() => Parse(json));

    [Fact]
    public void MissingFileIsTheEmptyConfig()
    {
        using var project = new TempProject();
        var config = CalibanConfigFile.Load(Path.Combine(project.Root, CalibanConfigFile.FileName), new RecordingLog());

        Assert.Same(CalibanConfig.Empty, config);
        Assert.Empty(config.AptPackagesFor(JobMode.Gpu));
        Assert.Null(config.BaseImageFor(JobMode.Cpu));
        Assert.Null(config.DefaultMode);
    }

    [Fact]
    public void LoadsAFileFromDisk()
    {
        using var project = new TempProject();
        var path = project.Write(CalibanConfigFile.FileName, """{"apt_packages": ["git"]}""");

        var config = CalibanConfigFile.Load(path, new RecordingLog());

        Assert.Equal(["git"], config.AptPackagesFor(JobMode.Cpu));
        Assert.Equal(path, config.SourceFile);
    }

    [Fact]
    public void ListFormAppliesToBothModes()
    {
        var config = Parse("""{"apt_packages": ["libsndfile1", "ffmpeg"], "base_image": "python:3.11-{}"}""");

        Assert.Equal(["libsndfile1", "ffmpeg"], config.AptPackagesFor(JobMode.Cpu));
        Assert.Equal(["libsndfile1", "ffmpeg"], config.AptPackagesFor(JobMode.Gpu));
        Assert.Equal("python:3.11-{}", config.BaseImageFor(JobMode.Cpu));
        Assert.Equal("python:3.11-{}", config.BaseImageFor(JobMode.Gpu));
    }

    [Fact]
    public void DictionaryFormPicksByModeAndMissingKeysFallBack()
    {
        var config = Parse("""
            {
              "apt_packages": {"gpu": ["nvidia-smi"]},
              "base_image": {"cpu": "python:3.11-slim"}
            }
            """);

        Assert.Equal(["nvidia-smi"], config.AptPackagesFor(JobMode.Gpu));
        Assert.Empty(config.AptPackagesFor(JobMode.Cpu));
        Assert.Equal("python:3.11-slim", config.BaseImageFor(JobMode.Cpu));
        Assert.Null(config.BaseImageFor(JobMode.Gpu)); // Caliban crashed here; we fall back to the default
    }

    [Fact]
    public void CommentsAndTrailingCommasAreAllowed()
    {
        var config = Parse("""
            # hash comment with a "quote
            {
              // slash comment
              "apt_packages": ["git", "curl",], # trailing comment
              /* block */ "base_image": "example.com/a#b:1", // a # inside a string is data
            }
            """);

        Assert.Equal(["git", "curl"], config.AptPackagesFor(JobMode.Cpu));
        Assert.Equal("example.com/a#b:1", config.BaseImageFor(JobMode.Gpu));
    }

    [Theory]
    [InlineData("\"gpu\"", JobMode.Gpu)]
    [InlineData("\" CPU \"", JobMode.Cpu)]
    [InlineData("\"Gpu\"", JobMode.Gpu)]
    public void DefaultModeIsCaseAndSpaceInsensitive(string value, JobMode expected)
    {
        Assert.Equal(expected, Parse($$"""{"default_mode": {{value}}}""").DefaultMode);
    }

    [Fact]
    public void InvalidJsonNamesLineAndColumn()
    {
        var error = Fails("{\n  \"apt_packages\": [\"git\"\n  \"base_image\": 1\n}");

        Assert.Equal(ErrorCodes.CalibanConfigInvalidJson, error.Code);
        Assert.Equal(ConfigPath, error.File);
        Assert.Contains(".calibanconfig.json is not valid JSON at line 3, column 3", error.Message);
    }

    [Fact]
    public void EmptyFileIsAnError()
    {
        var error = Fails("  # only a comment\n");

        Assert.Equal(ErrorCodes.CalibanConfigInvalidJson, error.Code);
        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void UnknownTopLevelKeyListsValidKeysAndSuggests()
    {
        var error = Fails("""{"apt_package": []}""");

        Assert.Equal(ErrorCodes.CalibanConfigUnknownKey, error.Code);
        Assert.Contains("unknown key \"apt_package\" at $.apt_package", error.Message);
        Assert.Contains("apt_packages, base_image, build_time_credentials, default_mode, gcloud, julia_version, mlflow_config, uv", error.Message);
        Assert.Contains("Did you mean \"apt_packages\"?", error.Message);
    }

    [Theory]
    [InlineData("""{"apt_packages": {"tpu": []}}""", "$.apt_packages.tpu")]
    [InlineData("""{"base_image": {"gpu": "a", "Cpu": "b"}}""", "$.base_image.Cpu")]
    [InlineData("""{"gcloud": {"project": "p"}}""", "$.gcloud.project")]
    [InlineData("""{"uv": {"mlflow": {"topic": "t"}}}""", "$.uv.mlflow.topic")]
    [InlineData("""{"uv": {"metrics": {}}}""", "$.uv.metrics")]
    public void UnknownNestedKeysAreNamedByPath(string json, string path)
    {
        var error = Fails(json);

        Assert.Equal(ErrorCodes.CalibanConfigUnknownKey, error.Code);
        Assert.Contains($"at {path}.", error.Message);
    }

    [Theory]
    [InlineData("[]", "$ must be an object of settings, but it is a list")]
    [InlineData("""{"apt_packages": "git"}""", "$.apt_packages must be a list of apt package names or an object")]
    [InlineData("""{"apt_packages": {"gpu": ["git", "curl", 3]}}""", "$.apt_packages.gpu[2] must be an apt package name")]
    [InlineData("""{"apt_packages": {"cpu": "git"}}""", "$.apt_packages.cpu must be a list of apt package names, but it is a string")]
    [InlineData("""{"apt_packages": ["git", "rm -rf"]}""", "$.apt_packages[1] \"rm -rf\" is not a valid apt package")]
    [InlineData("""{"base_image": 3}""", "$.base_image must be an image name string or an object")]
    [InlineData("""{"base_image": "  "}""", "$.base_image is empty")]
    [InlineData("""{"base_image": null}""", "$.base_image must be an image name string or an object {\"gpu\": \"...\", \"cpu\": \"...\"}, but it is null")]
    [InlineData("""{"base_image": {"gpu": ["x"]}}""", "$.base_image.gpu must be an image name")]
    [InlineData("""{"default_mode": "tpu"}""", "$.default_mode must be \"cpu\" or \"gpu\"")]
    [InlineData("""{"default_mode": true}""", "$.default_mode must be \"cpu\" or \"gpu\", but it is a boolean")]
    [InlineData("""{"build_time_credentials": "yes"}""", "$.build_time_credentials must be true or false, but it is a string")]
    [InlineData("""{"julia_version": 1.5}""", "$.julia_version must be a Julia version string")]
    [InlineData("""{"gcloud": {"project_id": ""}}""", "$.gcloud.project_id is empty")]
    [InlineData("""{"gcloud": []}""", "$.gcloud must be an object, but it is a list")]
    [InlineData("""{"uv": {"mlflow": {"pubsub_topic": 1}}}""", "$.uv.mlflow.pubsub_topic must be a string, but it is a number")]
    [InlineData("""{"mlflow_config": {"project": "p"}}""", "$.mlflow_config is missing \"region\", \"db\", \"user\", \"password\", \"artifact_root\"")]
    [InlineData("""{"mlflow_config": {"project": "p", "region": "r", "db": "d", "user": "u", "password": 5, "artifact_root": "a"}}""",
        "$.mlflow_config.password must be a string, but it is a number")]
    [InlineData("""{"apt_packages": [], "apt_packages": []}""", "$.apt_packages appears twice")]
    [InlineData("""{"base_image": {"gpu": "a", "gpu": "b"}}""", "$.base_image.gpu appears twice")]
    public void WrongValuesAreInvalidValueErrorsWithTheirPath(string json, string expected)
    {
        var error = Fails(json);

        Assert.Equal(ErrorCodes.CalibanConfigInvalidValue, error.Code);
        Assert.Equal(ConfigPath, error.File);
        Assert.StartsWith(".calibanconfig.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void OddKeysAreQuotedInPaths()
    {
        var error = Fails("""{"gcloud": {"my key": 1}}""");

        Assert.Contains("at $.gcloud['my key']", error.Message);
    }

    [Fact]
    public void SecretValuesAreNeverEchoed()
    {
        var error = Fails("""{"mlflow_config": {"project": "p", "region": "r", "db": "d", "user": "u", "password": ["hunter2"], "artifact_root": "a"}}""");

        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void UnsupportedKeysAreValidatedThenIgnoredWithOneWarningEach()
    {
        var log = new RecordingLog();
        var config = Parse("""
            {
              "mlflow_config": {"project": "p", "region": "r", "db": "d", "user": "u", "password": "pw", "artifact_root": "gs://a", "debug": true},
              "uv": {"mlflow": {"pubsub_project": "p", "pubsub_topic": "t"}},
              "gcloud": {"project_id": "p", "cloud_key": "k.json"},
              "build_time_credentials": false,
              "julia_version": "1.5.3",
              "apt_packages": ["git"]
            }
            """, log);

        Assert.Equal(["git"], config.AptPackagesFor(JobMode.Gpu));
        Assert.Equal(["mlflow_config", "uv", "gcloud", "build_time_credentials", "julia_version"],
            log.Warnings.Select(w => w.Message.Split('"')[1]));
        Assert.All(log.Warnings, w =>
        {
            Assert.Equal(ErrorCodes.CalibanConfigKeyIgnored, w.Code);
            Assert.Equal(ConfigPath, w.File);
            Assert.Contains("is not supported by Caliban.Sdk and is ignored", w.Message);
        });
    }

    [Fact]
    public void NoWarningsWhenTheFileIsInvalid()
    {
        var log = new RecordingLog();

        Assert.Throws<CalibanException>(() => Parse("""{"julia_version": "1.5", "default_mode": "x"}""", log));
        Assert.Empty(log.Warnings);
    }
}
