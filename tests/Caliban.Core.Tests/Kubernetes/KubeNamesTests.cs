using Caliban.Core.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class KubeNamesTests
{
    [Theory]
    [InlineData("", "job")]
    [InlineData("trainer", "trainer")]
    [InlineData("Trainer", "trainer")]
    [InlineData("lr=0.1 seed=2", "lr-0-1-seed-2")]
    [InlineData("-lead", "job--lead")]
    [InlineData("trail_", "trail--0")]
    [InlineData("alice.smith", "alice-smith")]
    public void Sanitizes_as_caliban_does(string name, string expected) => Assert.Equal(expected, KubeNames.Sanitize(name));

    [Fact]
    public void Job_names_are_valid_capped_and_unique_per_index_and_submission()
    {
        var longBase = new string('x', 100) + " with spaces";
        var names = Enumerable.Range(0, 1000).Select(index => KubeNames.JobName(longBase, index, $"sub-1\n{index}")).ToArray();

        Assert.All(names, name => Assert.True(KubeNames.IsValidName(name), name));
        Assert.All(names, name => Assert.True(name.Length <= 63, name));
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal(names[7], KubeNames.JobName(longBase, 7, "sub-1\n7")); // deterministic: a retry finds its own Job
        Assert.NotEqual(names[7], KubeNames.JobName(longBase, 7, "sub-2\n7")); // another submission does not collide
        Assert.Matches("^caliban-alice-3-[0-9a-f]{5}$", KubeNames.JobName("caliban-alice", 3, "k"));
    }

    [Fact]
    public void A_base_that_is_cut_never_leaves_a_dash_before_the_suffix()
    {
        var name = KubeNames.JobName(new string('a', 54) + "-bbbb", 12, "k");
        Assert.True(KubeNames.IsValidName(name), name);
        Assert.DoesNotContain("--", name);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice smith", "alice_smith")]
    [InlineData("-x-", "x")]
    [InlineData("DOMAIN\\alice", "DOMAIN_alice")]
    public void Label_values_are_made_valid(string value, string expected)
    {
        Assert.Equal(expected, KubeNames.LabelValue(value));
        Assert.True(KubeNames.IsValidLabelValue(KubeNames.LabelValue(value)));
    }

    [Fact]
    public void Long_label_values_are_cut_with_a_hash_so_they_stay_distinct()
    {
        var a = KubeNames.LabelValue(new string('g', 80) + "a");
        var b = KubeNames.LabelValue(new string('g', 80) + "b");
        Assert.True(KubeNames.IsValidLabelValue(a));
        Assert.True(a.Length <= 63);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("team", true)]
    [InlineData("caliban.build/group", true)]
    [InlineData("example.com/cost-center", true)]
    [InlineData("/x", false)]
    [InlineData("Bad_Prefix/x", false)]
    [InlineData("has space", false)]
    public void Label_keys_follow_kubernetes_rules(string key, bool valid) => Assert.Equal(valid, KubeNames.IsValidLabelKey(key));
}
