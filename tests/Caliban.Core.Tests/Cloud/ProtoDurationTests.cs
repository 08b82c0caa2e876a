using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Cloud;

public sealed class ProtoDurationTests
{
    [Theory]
    [InlineData("90m", "5400s")]
    [InlineData("2h", "7200s")]
    [InlineData("1d", "86400s")]
    [InlineData("3600s", "3600s")]
    [InlineData("3600", "3600s")]
    [InlineData(" 1h30m ", "5400s")]
    [InlineData("1D2H", "93600s")]
    [InlineData("1d1d", "172800s")]
    public void Durations_become_proto_seconds(string text, string expected) =>
        Assert.Equal(expected, ProtoDuration.Parse(text, "CalibanTimeout"));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("2 h")]
    [InlineData("h")]
    [InlineData("10w")]
    [InlineData("1h 30m")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999999999d")]
    public void Bad_durations_name_the_property_and_the_forms(string text)
    {
        var error = Assert.Throws<CalibanException>(() => ProtoDuration.Parse(text, "CalibanTimeout"));
        Assert.Equal(ErrorCodes.DurationInvalid, error.Code);
        Assert.Contains("CalibanTimeout", error.Message);
        Assert.Contains("90m", error.Message);
    }
}
