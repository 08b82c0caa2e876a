using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Cloud;

public sealed class TpuSpecTests
{
    [Theory]
    [InlineData("8xV3", 8, "V3", "TPU_V3")]
    [InlineData("8xv2", 8, "V2", "TPU_V2")]
    [InlineData(" 4XV5E ", 4, "V5E", "TPU_V5_LITEPOD")]
    [InlineData("4xv5litepod", 4, "V5E", "TPU_V5_LITEPOD")]
    [InlineData("1xTPU_V5_LITEPOD", 1, "V5E", "TPU_V5_LITEPOD")]
    public void Specs_parse(string text, int count, string name, string vertex)
    {
        var spec = TpuSpec.Parse(text);
        Assert.Equal((count, name, vertex), (spec.Count, spec.Type.Name, spec.Type.VertexAcceleratorType));
        Assert.Equal($"{count}x{name}", spec.ToString());
    }

    [Theory]
    [InlineData("V3")]
    [InlineData("x8")]
    [InlineData("0xV3")]
    [InlineData("eightxV3")]
    [InlineData("-1xV3")]
    public void Malformed_specs_show_the_form(string text)
    {
        var error = Assert.Throws<CalibanException>(() => TpuSpec.Parse(text));
        Assert.Equal(ErrorCodes.TpuSpecInvalid, error.Code);
        Assert.Contains("CalibanTpuSpec", error.Message);
        Assert.Contains("COUNTxTYPE", error.Message);
    }

    [Fact]
    public void Unknown_types_list_the_known_ones()
    {
        var error = Assert.Throws<CalibanException>(() => TpuSpec.Parse("8xV9"));
        Assert.Equal(ErrorCodes.TpuTypeUnknown, error.Code);
        Assert.Contains("'V9'", error.Message);
        Assert.Contains("V2, V3, V5E", error.Message);
    }
}
