using Caliban.Core.Diagnostics;

namespace Caliban.Core.Context;

/// <summary>The build-context errors, worded in one place so every caller names the file and the fix the same way.</summary>
internal static class ContextErrors
{
    public static CalibanException Unreadable(string relativePath, string fullPath, Exception cause) =>
        new(ErrorCodes.BuildContextUnreadable,
            $"Cannot read '{relativePath}' for the image build context ({cause.Message}). " +
            "Make it readable, or exclude it in .dockerignore.",
            fullPath, cause);

    public static CalibanException ShrankWhileSending(string relativePath, string fullPath) =>
        new(ErrorCodes.BuildContextUnreadable,
            $"'{relativePath}' shrank while the image build context was being sent. " +
            "Build again once nothing is writing to it, or exclude it in .dockerignore.",
            fullPath);

    public static CalibanException InvalidPattern(string pattern, string location, string reason, string? file) =>
        new(ErrorCodes.DockerIgnorePatternInvalid,
            $"The exclude pattern '{pattern}' ({location}) is not valid: {reason}. " +
            "Fix or remove it; patterns use .dockerignore syntax (*, ?, [a-z], \\ escapes, ** and ! exceptions).",
            file);

    public static CalibanException RootOutsideProject(string root, string projectDirectory) =>
        new(ErrorCodes.ContextRootOutsideProject,
            $"The build context root '{root}' lies outside the project directory '{projectDirectory}'. " +
            "Only files under the project directory can be sent to the image build; move them into the project or drop the root.");
}
