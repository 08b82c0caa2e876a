using Caliban.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Base of every Caliban task: runs the async work with a cancellation token that MSBuild's Cancel (Ctrl+C) trips,
/// and turns <see cref="CalibanException"/> into one coded MSBuild error without a stack trace.
/// </summary>
public abstract class CalibanTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The project being built ($(MSBuildProjectFullPath)): where errors without a file of their own point.</summary>
    public string? ProjectFile { get; set; }

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(new MSBuildCalibanLog(Log, ProjectFile), _cancellation.Token).GetAwaiter().GetResult();
        }
        catch (CalibanException error)
        {
            LogError(error);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, $"{GetType().Name}: canceled.");
            return false;
        }
        finally
        {
            Cleanup();
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken);

    /// <summary>Releases what the task held open (connections), whatever way it ended.</summary>
    protected virtual void Cleanup()
    {
    }

    private void LogError(CalibanException error)
    {
        // Errors about properties point at the project file, not at the SDK's targets file that ran the task.
        Log.LogError(
            subcategory: null,
            errorCode: error.Code,
            helpKeyword: null,
            file: error.File ?? ProjectFile ?? BuildEngine?.ProjectFileOfTaskNode,
            lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0,
            message: error.Message);
    }
}
