using System.Diagnostics;
using System.Text;

namespace Caliban.Tests.Shared;

/// <summary>The result of a finished process: exit code, combined output, and how long it took.</summary>
public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s\n{Output}";
}

/// <summary>A started process whose combined stdout and stderr are collected as it runs.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    public RunningProcess(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null, bool keepInputOpen = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Input is never a terminal here, as in scripts: the tool must not prompt.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        Process = new Process { StartInfo = start };
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
        if (stdin is not null) Process.StandardInput.Write(stdin);
        if (!keepInputOpen) Process.StandardInput.Close();
    }

    /// <summary>Types <paramref name="text"/> into the process (started with keepInputOpen).</summary>
    public void Type(string text)
    {
        Process.StandardInput.Write(text);
        Process.StandardInput.Flush();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false when the process ended or time ran out first.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (Process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(200);
        }
        return false;
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt() => System.Diagnostics.Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public Process Process { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public ProcessResult WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Process.StartInfo.FileName} {string.Join(' ', Process.StartInfo.ArgumentList)} did not finish in {timeout}:\n{Output}");
        }
        Process.WaitForExit(); // drains the asynchronous readers
        return new ProcessResult(Process.ExitCode, Output, _stopwatch.Elapsed);
    }

    public void Dispose() => Process.Dispose();

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}

public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using var process = new RunningProcess(fileName, arguments, workingDirectory, environment);
        return process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5));
    }
}
