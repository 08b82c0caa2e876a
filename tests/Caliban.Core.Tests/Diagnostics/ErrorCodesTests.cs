using System.Reflection;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Diagnostics;

public sealed class ErrorCodesTests
{
    private static readonly (string Name, string Code)[] Codes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (field.Name, (string)field.GetRawConstantValue()!))
        .ToArray();

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Assert.NotEmpty(Codes);
        Assert.All(Codes, entry => Assert.Matches("^CAL[1-6][0-9]{3}$", entry.Code));
        var duplicates = Codes.GroupBy(entry => entry.Code).Where(group => group.Count() > 1).Select(group => group.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_code_is_documented_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var documented = Regex.Matches(readme, @"\|\s*`?(CAL\d{4})`?\s*\|").Select(match => match.Groups[1].Value).ToHashSet();
        Assert.All(Codes, entry => Assert.True(documented.Contains(entry.Code), $"{entry.Code} ({entry.Name}) is not in README.md's error table"));
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caliban.Build.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Caliban.Build.sln not found above the test assembly.");
    }
}
