using Caliban.Core.Diagnostics;
using Caliban.Core.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class ClusterSettingsTests
{
    [Theory]
    [InlineData("1500m")]
    [InlineData("2")]
    [InlineData("0.5")]
    public void Cpu_amounts_in_kubernetes_form_pass(string value) => Assert.Equal(value, KubeQuantities.Cpu(value, "x"));

    [Theory]
    [InlineData("7000M")]
    [InlineData("8Gi")]
    [InlineData("1024Mi")]
    public void Memory_amounts_in_kubernetes_form_pass(string value) => Assert.Equal(value, KubeQuantities.Memory(value, "x"));

    [Theory]
    [InlineData("1.5 cores")]
    [InlineData("-2")]
    [InlineData("8GB")]
    [InlineData("0")]
    public void Bad_amounts_are_coded_errors_naming_the_property(string value)
    {
        var error = Assert.Throws<CalibanException>(() => KubeQuantities.Memory(value, "x"));
        Assert.Equal(ErrorCodes.KubeResourceInvalid, error.Code);
        Assert.Contains("CalibanMinMemory", error.Message);
    }

    [Fact]
    public void Empty_amounts_take_the_default() => Assert.Equal("1500m", KubeQuantities.Cpu(" ", ClusterJobSettings.DefaultCpu));

    [Fact]
    public void Tolerations_default_their_operator()
    {
        Assert.Equal("Exists", KubeTolerations.From("gpu", null, null, null, null).OperatorProperty);
        Assert.Equal("Equal", KubeTolerations.From("pool", "", "ml", "noschedule", null).OperatorProperty);
        Assert.Equal("NoSchedule", KubeTolerations.From("pool", "", "ml", "noschedule", null).Effect);
        Assert.Equal(60, KubeTolerations.From("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", "60").TolerationSeconds);
    }

    [Theory]
    [InlineData("k", "Maybe", null, null, null)]
    [InlineData("k", "Exists", "v", null, null)]
    [InlineData("k", null, null, "Sometimes", null)]
    [InlineData("k", null, null, "NoSchedule", "30")]
    [InlineData("bad key!", null, null, null, null)]
    public void Bad_tolerations_are_coded_errors(string key, string? op, string? value, string? effect, string? seconds)
    {
        var error = Assert.Throws<CalibanException>(() => KubeTolerations.From(key, op, value, effect, seconds));
        Assert.Equal(ErrorCodes.KubeTolerationInvalid, error.Code);
        Assert.Contains($"CalibanToleration '{key}'", error.Message);
    }
}
