using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class CommandLineWordsTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   \t\n ", new string[0])]
    [InlineData("--epochs 3", new[] { "--epochs", "3" })]
    [InlineData("  a\tb\nc\r\nd  ", new[] { "a", "b", "c", "d" })]
    [InlineData("'a b' \"c d\"", new[] { "a b", "c d" })]
    [InlineData("a'b c'd", new[] { "ab cd" })]
    [InlineData("'' \"\"", new[] { "", "" })]
    [InlineData("--name ''", new[] { "--name", "" })]
    [InlineData("'it''s'", new[] { "its" })]
    [InlineData("\"it's\"", new[] { "it's" })]
    [InlineData("'say \"hi\"'", new[] { "say \"hi\"" })]
    [InlineData("'back\\slash'", new[] { "back\\slash" })]
    [InlineData("\"a\\\"b\"", new[] { "a\"b" })]
    [InlineData("\"a\\\\b\"", new[] { "a\\b" })]
    [InlineData("\"\\$HOME \\` \\n\"", new[] { "$HOME ` \\n" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("\\'x\\\"", new[] { "'x\"" })]
    [InlineData("\\\\", new[] { "\\" })]
    [InlineData("a\\", new[] { "a\\" })]
    [InlineData("a\\\nb", new[] { "ab" })]
    [InlineData("a \\\n b", new[] { "a", "b" })]
    [InlineData("\"a\\\nb\"", new[] { "ab" })]
    [InlineData("$HOME *.py #x", new[] { "$HOME", "*.py", "#x" })]
    [InlineData("--lr=0.1 --tag=\"x y\"", new[] { "--lr=0.1", "--tag=x y" })]
    public void SplitsLikeAPosixShellWithoutExpansion(string text, string[] expected)
    {
        Assert.Equal(expected, CommandLineWords.Split(text));
    }

    [Theory]
    [InlineData("--name 'abc", '\'', 8)]
    [InlineData("--name \"abc", '"', 8)]
    [InlineData("\"a\\\"", '"', 1)]
    [InlineData("'", '\'', 1)]
    public void AnUnclosedQuoteNamesTheText(string text, char quote, int at)
    {
        var error = Assert.Throws<CalibanException>(() => CommandLineWords.Split(text));

        Assert.Equal(ErrorCodes.ArgumentQuoteUnclosed, error.Code);
        Assert.Contains($"Unclosed {quote} quote in the arguments `{text}` (opened at character {at})", error.Message);
    }

    [Fact]
    public void ErrorsNameWhereTheTextCameFrom()
    {
        var error = Assert.Throws<CalibanException>(() => CommandLineWords.Split("--x 'y", "CalibanArgs"));

        Assert.Contains("in CalibanArgs `--x 'y`", error.Message);
        Assert.Contains("Close it", error.Message);
    }
}
