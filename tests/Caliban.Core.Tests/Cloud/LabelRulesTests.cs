using Caliban.Core.Cloud;

namespace Caliban.Core.Tests.Cloud;

public sealed class LabelRulesTests
{
    [Theory]
    [InlineData("epochs", true)]
    [InlineData("a", true)]
    [InlineData("learning_rate-2", true)]
    [InlineData("données", true)]
    [InlineData("日本", true)]
    [InlineData("", false)]
    [InlineData("1st", false)]
    [InlineData("_x", false)]
    [InlineData("Epochs", false)]
    [InlineData("lr.0", false)]
    [InlineData("has space", false)]
    public void Keys_follow_googles_pattern(string key, bool valid) => Assert.Equal(valid, LabelRules.IsValidKey(key));

    [Fact]
    public void Keys_and_values_hold_at_most_63_code_points()
    {
        Assert.True(LabelRules.IsValidKey(new string('a', 63)));
        Assert.False(LabelRules.IsValidKey(new string('a', 64)));
        Assert.True(LabelRules.IsValidValue(""));
        Assert.True(LabelRules.IsValidValue(new string('9', 63)));
        Assert.False(LabelRules.IsValidValue(new string('9', 64)));
        // 63 CJK letters are 63 code points, however many bytes they take.
        Assert.True(LabelRules.IsValidValue(new string('日', 63)));
    }

    [Theory]
    [InlineData("Epochs", "epochs")]
    [InlineData(" lr ", "lr")]
    [InlineData("learning.rate", "learning_rate")]
    [InlineData("1st", "k1st")]
    [InlineData("_hidden", "k_hidden")]
    [InlineData("-x", "k-x")]
    [InlineData("ÉTÉ", "été")]
    [InlineData("model/name:v2", "model_name_v2")]
    [InlineData("日本語", "日本語")]
    [InlineData("🚀launch", "k_launch")]
    public void Keys_are_sanitized(string raw, string expected)
    {
        var key = LabelRules.SanitizeKey(raw);
        Assert.Equal(expected, key);
        Assert.True(LabelRules.IsValidKey(key!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_keys_sanitize_to_nothing(string raw) => Assert.Null(LabelRules.SanitizeKey(raw));

    [Theory]
    [InlineData("0.001", "0_001")]
    [InlineData("ResNet-50", "resnet-50")]
    [InlineData("", "")]
    [InlineData("a b\tc", "a_b_c")]
    [InlineData("gs://bucket/x", "gs___bucket_x")]
    public void Values_are_sanitized(string raw, string expected)
    {
        Assert.Equal(expected, LabelRules.SanitizeValue(raw));
        Assert.True(LabelRules.IsValidValue(expected));
    }

    [Fact]
    public void Decomposed_accents_are_composed_first_so_they_survive()
    {
        var decomposed = "cafe\u0301"; // e + combining acute
        Assert.Equal("café", LabelRules.SanitizeValue(decomposed));
    }

    [Fact]
    public void Long_text_is_cut_at_63_code_points_without_splitting_surrogates()
    {
        Assert.Equal(new string('x', 63), LabelRules.SanitizeValue(new string('X', 200)));
        var astral = string.Concat(Enumerable.Repeat("𝟘", 70)); // MATHEMATICAL DOUBLE-STRUCK DIGIT ZERO: a digit outside the BMP
        var value = LabelRules.SanitizeValue(astral);
        Assert.Equal(63, value.EnumerateRunes().Count());
        Assert.True(LabelRules.IsValidValue(value));
        var key = LabelRules.SanitizeKey(astral)!;
        Assert.StartsWith("k", key);
        Assert.Equal(63, key.EnumerateRunes().Count());
        Assert.True(LabelRules.IsValidKey(key));
    }
}
