using Caliban.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>Reports Caliban.Core progress into the MSBuild log; warnings without a file of their own point at the project.</summary>
internal sealed class MSBuildCalibanLog(TaskLoggingHelper log, string? projectFile) : ICalibanLog
{
    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Normal, message);

    public void Warning(string code, string message, string? file = null) =>
        log.LogWarning(null, code, null, file ?? projectFile, 0, 0, 0, 0, message);
}
