using Caliban.Core.Execution;
using Caliban.Core.Runs;

namespace Caliban.Core.Tests.Runs;

public sealed class LocalJobSpecTests
{
    private static readonly LocalJobSpec Spec = new("sha256:abc", "mnist:abc", ["--lr", "0.1", ""],
        new Dictionary<string, string> { ["A"] = "1" }, [new BindMount("/host/data", "/data", true)], GpuMode.Required);

    [Fact]
    public void Round_trips_through_its_json()
    {
        var back = LocalJobSpec.FromJson(Spec.ToJson())!;
        Assert.Equal(Spec.ImageId, back.ImageId);
        Assert.Equal(Spec.Arguments, back.Arguments);
        Assert.Equal(Spec.Environment, back.Environment);
        Assert.Equal(Spec.Mounts, back.Mounts);
        Assert.Equal(GpuMode.Required, back.Gpu);
    }

    [Fact]
    public void Unreadable_json_is_null_not_an_exception() => Assert.Null(LocalJobSpec.FromJson("{ not json"));

    [Fact]
    public void Settings_key_ignores_image_and_arguments_but_not_settings()
    {
        Assert.Equal(Spec.SettingsKey(), (Spec with { ImageId = "sha256:other", Arguments = ["--x"] }).SettingsKey());
        Assert.NotEqual(Spec.SettingsKey(), (Spec with { Gpu = GpuMode.Off }).SettingsKey());
        Assert.NotEqual(Spec.SettingsKey(), (Spec with { Environment = new Dictionary<string, string> { ["A"] = "2" } }).SettingsKey());
    }
}
