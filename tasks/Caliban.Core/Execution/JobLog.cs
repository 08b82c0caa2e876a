using System.Text;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Execution;

/// <summary>A job's output log file: every line as it arrives, flushed at once so it can be followed with tail -f.</summary>
internal sealed class JobLog : IDisposable
{
    private readonly StreamWriter writer;

    private JobLog(string path, StreamWriter writer)
    {
        Path = path;
        this.writer = writer;
    }

    public string Path { get; }

    /// <summary>Creates the run's log directory if needed; throws CAL3206 when it cannot.</summary>
    public static string PrepareDirectory(string directory)
    {
        try
        {
            return Directory.CreateDirectory(directory).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CalibanException(ErrorCodes.JobLogUnwritable,
                $"Cannot create the job log directory '{directory}': {e.Message} Choose a writable directory or fix its permissions, then run again.",
                directory, e);
        }
    }

    /// <summary>Creates (or truncates) the log; throws CAL3206 when it cannot.</summary>
    public static JobLog Create(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return new JobLog(path, new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(path, e);
        }
    }

    public void WriteLine(string line)
    {
        try
        {
            writer.WriteLine(line);
        }
        catch (IOException e)
        {
            throw Unwritable(Path, e);
        }
    }

    public void Dispose()
    {
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
            // Writing already reported the failure (or the disk filled up at the last byte); the job's result says so.
        }
    }

    private static CalibanException Unwritable(string path, Exception e) => new(
        ErrorCodes.JobLogUnwritable,
        $"Cannot write the job log '{path}': {e.Message} Free disk space or fix the directory's permissions, then run again.",
        path, e);
}
