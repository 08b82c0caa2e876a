using Caliban.Core.Cloud;

namespace Caliban.Core.Tests.Cloud;

public sealed class ArgumentLabelsTests
{
    private static string Render(params string[] arguments) =>
        string.Join(" ", ArgumentLabels.FromArguments(arguments).Select(label => $"{label.Key}={label.Value}"));

    [Fact]
    public void Flag_value_pairs_become_labels() => Assert.Equal("epochs=3 lr=0_01", Render("--epochs", "3", "--lr", "0.01"));

    [Fact]
    public void Equals_form_is_split_on_the_first_equals_sign() => Assert.Equal("opt=a_b", Render("--opt=a=b"));

    [Fact]
    public void A_flag_without_value_is_true() => Assert.Equal("verbose=true epochs=2 fast=true", Render("--verbose", "--epochs", "2", "--fast"));

    [Fact]
    public void Negative_numbers_are_values_not_flags() => Assert.Equal("shift=-1 scale=-2_5e-3", Render("--shift", "-1", "--scale", "-2.5e-3"));

    [Fact]
    public void Positional_arguments_and_separators_give_no_labels() =>
        Assert.Equal("mode=train x=true", Render("data.csv", "--mode", "train", "-", "--", "-x", "--", "tail"));

    [Fact]
    public void A_repeated_key_keeps_its_last_value_at_its_first_place() =>
        Assert.Equal("a=3 b=2", Render("--a", "1", "--b", "2", "--A", "3"));

    [Fact]
    public void Keys_and_values_are_sanitized() =>
        Assert.Equal("model_name=resnet_50 k2d=true", Render("--model.name", "ResNet 50", "--2d"));

    [Fact]
    public void No_arguments_no_labels() => Assert.Empty(ArgumentLabels.FromArguments([]));
}
