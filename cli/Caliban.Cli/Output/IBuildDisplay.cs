namespace Caliban.Cli.Output;

/// <summary>What people see of a build: free of MSBuild types, so the logger adapter is the only MSBuild-facing part.</summary>
internal interface IBuildDisplay
{
    /// <summary>A target began: the live display names the step.</summary>
    void Step(string target);

    /// <summary>A line worth showing (task Info, job output); <paramref name="important"/> false = detail (shown live only).</summary>
    void Message(string text, bool important);

    void Warning(string? code, string text);

    void Error(string? code, string text);
}
