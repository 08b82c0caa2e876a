using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Cloud;

public sealed class CloudJobLabelsTests
{
    private static readonly Dictionary<string, string> NoReserved = new();

    private static KeyValuePair<string, string> Label(string key, string value) => new(key, value);

    [Fact]
    public void Base_labels_describe_the_job()
    {
        var settings = CloudTestSettings.Parse(i => i with { JobName = "MNIST Sweep" });
        var labels = CloudJobLabels.For(new PlannedJob(0, "default", []), settings, "alice-xgroup-2025", NoReserved);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["caliban_xgroup"] = "alice-xgroup-2025",
                ["gpu_enabled"] = "true",
                ["job_name"] = "mnist_sweep",
                ["tpu_enabled"] = "false",
            },
            labels);
    }

    [Fact]
    public void Tpu_and_cpu_jobs_say_so()
    {
        var tpu = CloudTestSettings.Parse(i => i with { TpuSpec = "8xV3" });
        var cpu = CloudTestSettings.Parse(i => i with { UseGpu = "false" });
        var job = new PlannedJob(0, "default", []);
        Assert.Equal(("false", "true"), (CloudJobLabels.For(job, tpu, "g", NoReserved)["gpu_enabled"], CloudJobLabels.For(job, tpu, "g", NoReserved)["tpu_enabled"]));
        Assert.Equal("false", CloudJobLabels.For(job, cpu, "g", NoReserved)["gpu_enabled"]);
    }

    [Fact]
    public void Later_layers_override_earlier_ones_and_reserved_labels_always_win()
    {
        var settings = CloudTestSettings.Parse(i => i with
        {
            Labels = [Label("Team", "Vision"), Label("job_name", "mine"), Label("epochs", "100")],
        });
        var job = new PlannedJob(4, "epochs=3", ["--epochs", "3", "--caliban_run", "forged"]);
        var labels = CloudJobLabels.For(job, settings, "g", new Dictionary<string, string> { ["caliban_run"] = "r1" });
        Assert.Equal("vision", labels["team"]);
        Assert.Equal("mine", labels["job_name"]);     // user over base
        Assert.Equal("3", labels["epochs"]);          // derived over user
        Assert.Equal("r1", labels["caliban_run"]);    // reserved over derived
        Assert.Equal(labels.Keys.Order(StringComparer.Ordinal), labels.Keys);
    }

    [Theory]
    [InlineData("", "x", "empty key")]
    [InlineData("  ", "x", "empty key")]
    public void Blank_user_keys_are_errors(string key, string value, string problem)
    {
        var error = Assert.Throws<CalibanException>(() => CloudJobLabels.UserLabels([Label(key, value)]));
        Assert.Equal(ErrorCodes.LabelInvalid, error.Code);
        Assert.Contains("CalibanLabel", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Too_long_user_labels_are_errors_not_silently_cut()
    {
        var longKey = Assert.Throws<CalibanException>(() => CloudJobLabels.UserLabels([Label(new string('k', 64), "v")]));
        Assert.Equal(ErrorCodes.LabelInvalid, longKey.Code);
        Assert.Contains("key longer than 63", longKey.Message);
        var longValue = Assert.Throws<CalibanException>(() => CloudJobLabels.UserLabels([Label("note", new string('v', 64))]));
        Assert.Contains("CalibanLabel 'note'", longValue.Message);
        Assert.Contains("value longer than 63", longValue.Message);
        // 63 CJK characters fit: Google counts code points.
        Assert.Single(CloudJobLabels.UserLabels([Label("note", new string('値', 63))]));
    }

    [Fact]
    public void Two_user_keys_that_become_one_label_are_an_error()
    {
        var error = Assert.Throws<CalibanException>(() => CloudJobLabels.UserLabels([Label("Team", "a"), Label("team", "b")]));
        Assert.Equal(ErrorCodes.LabelInvalid, error.Code);
        Assert.Contains("'team' and 'Team'", error.Message.Replace("CalibanLabel ", ""));
    }

    [Fact]
    public void The_same_user_key_twice_keeps_the_last_value_as_msbuild_items_do() =>
        Assert.Equal("b", CloudJobLabels.UserLabels([Label("team", "a"), Label("team", "b")])["team"]);

    [Fact]
    public void User_labels_are_sanitized_silently()
    {
        var labels = CloudJobLabels.UserLabels([Label("Owner.Name", "Zoë Smith"), Label("2024", "Q1")]);
        Assert.Equal(new Dictionary<string, string> { ["k2024"] = "q1", ["owner_name"] = "zoë_smith" }, labels);
    }

    [Fact]
    public void A_user_label_on_a_reserved_key_is_an_error()
    {
        var error = Assert.Throws<CalibanException>(() => CloudJobLabels.Combine(
            new Dictionary<string, string>(), new Dictionary<string, string> { ["caliban_run"] = "x" }, [],
            new Dictionary<string, string> { ["caliban_run"] = "r1" }));
        Assert.Equal(ErrorCodes.LabelInvalid, error.Code);
        Assert.Contains("caliban_run", error.Message);
    }

    [Fact]
    public void Too_many_user_labels_are_an_error_that_counts_them()
    {
        var user = Enumerable.Range(0, 61).ToDictionary(i => $"u{i}", i => "v");
        var reserved = new Dictionary<string, string> { ["caliban_run"] = "r", ["caliban_index"] = "1" };
        var baseLabels = new Dictionary<string, string> { ["gpu_enabled"] = "true", ["job_name"] = "j" };
        var error = Assert.Throws<CalibanException>(() => CloudJobLabels.Combine(baseLabels, user, [], reserved));
        Assert.Equal(ErrorCodes.LabelsTooMany, error.Code);
        Assert.Contains("61", error.Message);
        Assert.Contains("Remove 1", error.Message);
        // One fewer fits exactly.
        user.Remove("u0");
        Assert.Equal(64, CloudJobLabels.Combine(baseLabels, user, [], reserved).Count);
    }

    [Fact]
    public void Derived_labels_fill_only_the_room_left_in_argument_order()
    {
        var arguments = Enumerable.Range(0, 100).SelectMany(i => new[] { $"--p{i:D3}", $"{i}" }).Append("--job_name").Append("x").ToArray();
        var settings = CloudTestSettings.Parse(i => i with { Labels = [Label("team", "a")] });
        var labels = CloudJobLabels.For(new PlannedJob(0, "big", arguments), settings, "g",
            new Dictionary<string, string> { ["caliban_run"] = "r" });
        Assert.Equal(LabelRules.MaxLabels, labels.Count);
        // 4 base + 1 user + 1 reserved leave 58 slots: p000..p057; overriding an existing key needs no slot.
        Assert.Contains("p057", labels.Keys);
        Assert.DoesNotContain("p058", labels.Keys);
        Assert.Equal("x", labels["job_name"]);
        Assert.All(labels, label => Assert.True(LabelRules.IsValidKey(label.Key) && LabelRules.IsValidValue(label.Value)));
    }

    [Fact]
    public void Invalid_reserved_labels_are_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => CloudJobLabels.Combine(
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], new Dictionary<string, string> { ["Bad"] = "x" }));
}
