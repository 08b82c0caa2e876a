using Caliban.Core.Diagnostics;

namespace Caliban.Core.Context;

/// <summary>
/// Walks roots of the project directory, pruning excluded directories, following symlinked files but never symlinked
/// directories (so there are no loops).
/// </summary>
internal sealed class ContextWalker
{
    private static readonly EnumerationOptions ListEverything = new()
    {
        AttributesToSkip = 0, // dot files count as hidden on Unix
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _project;
    private readonly ContextRules _rules;
    private readonly ICalibanLog _log;
    private readonly List<ContextFile> _files = [];

    public ContextWalker(string projectDirectory, ContextRules rules, ICalibanLog log)
    {
        _project = projectDirectory;
        _rules = rules;
        _log = log;
    }

    public IReadOnlyList<ContextFile> Files()
    {
        _files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return _files.ToArray();
    }

    /// <summary>Adds a file or directory root ("" for the whole project); a root that does not exist is skipped.</summary>
    public void AddRoot(string relativeRoot)
    {
        var parent = ParentFrame(relativeRoot);
        var full = relativeRoot.Length == 0 ? _project : Path.Combine(_project, relativeRoot);
        var directory = new DirectoryInfo(full);
        if (directory.Exists)
        {
            if (relativeRoot.Length == 0)
            {
                Walk(parent);
            }
            else if (Enter(directory, relativeRoot, parent) is { } frame)
            {
                Walk(frame);
            }
        }
        else if (File.Exists(full))
        {
            Consider(new FileInfo(full), relativeRoot, parent);
        }
        else
        {
            _log.Detail($"Build context root '{relativeRoot}' does not exist; skipped.");
        }
    }

    // The frame of the directory holding the root, with the ancestor matches of every directory above it.
    private DirectoryFrame ParentFrame(string relativeRoot)
    {
        var frame = new DirectoryFrame("", _project, null, null);
        for (int slash = relativeRoot.IndexOf('/'); slash >= 0; slash = relativeRoot.IndexOf('/', slash + 1))
        {
            var directory = relativeRoot[..slash];
            frame = new DirectoryFrame(
                directory,
                Path.Combine(_project, directory),
                _rules.Ignore.MatchDirectory(directory, frame.IgnoreMatches),
                _rules.Credentials.MatchDirectory(directory, frame.CredentialMatches));
        }

        return frame;
    }

    private void Walk(DirectoryFrame start)
    {
        var pending = new Stack<DirectoryFrame>();
        pending.Push(start);
        while (pending.TryPop(out var frame))
        {
            foreach (var entry in List(frame))
            {
                var relative = frame.RelativePath.Length == 0 ? entry.Name : frame.RelativePath + "/" + entry.Name;
                if (entry is DirectoryInfo directory)
                {
                    if (Enter(directory, relative, frame) is { } child)
                    {
                        pending.Push(child);
                    }
                }
                else if (entry is FileInfo file)
                {
                    Consider(file, relative, frame);
                }
            }
        }
    }

    private DirectoryFrame? Enter(DirectoryInfo directory, string relative, DirectoryFrame parent)
    {
        if (directory.Attributes.HasFlag(FileAttributes.ReparsePoint) && directory.LinkTarget != null)
        {
            _log.Detail($"Build context: '{relative}' is a symbolic link to a directory; not followed.");
            return null;
        }

        var ignoreMatches = _rules.Ignore.MatchDirectory(relative, parent.IgnoreMatches);
        if (_rules.Ignore.CanSkipDirectory(relative, ignoreMatches))
        {
            return null;
        }

        return new DirectoryFrame(relative, directory.FullName, ignoreMatches, _rules.Credentials.MatchDirectory(relative, parent.CredentialMatches));
    }

    private void Consider(FileInfo file, string relative, DirectoryFrame directory)
    {
        if (_rules.Ignore.FindDecidingPattern(relative, directory.IgnoreMatches) is { IsException: false })
        {
            return;
        }

        if (ContentOf(file, relative) is not { } content)
        {
            return;
        }

        var contextFile = new ContextFile(relative, file.FullName, content.Length, content.LastWriteTimeUtc, IsExecutable(content));
        if (_rules.FindCredentialReason(contextFile, directory.CredentialMatches) is { } reason)
        {
            _log.Warning(
                ErrorCodes.CredentialExcluded,
                $"'{relative}' was left out of the image build context because {reason}. Mount it at run time; " +
                "credentials are never copied into an image. Add it to .dockerignore to silence this warning.",
                file.FullName);
            return;
        }

        _files.Add(contextFile);
    }

    // A symlinked file is sent as the file it points to; links to directories, dangling links and loops are not.
    private FileInfo? ContentOf(FileInfo file, string relative)
    {
        if (!file.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return file;
        }

        FileSystemInfo? target;
        try
        {
            target = file.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            _log.Detail($"Build context: symbolic link '{relative}' cannot be resolved ({e.Message}); skipped.");
            return null;
        }

        if (target is null)
        {
            return file; // a Windows reparse point that is not a link (e.g. a cloud placeholder)
        }

        if (target is FileInfo { Exists: true } targetFile)
        {
            return targetFile;
        }

        _log.Detail($"Build context: symbolic link '{relative}' does not point to a file; skipped.");
        return null;
    }

    private static bool IsExecutable(FileInfo file) =>
        !OperatingSystem.IsWindows()
        && (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static FileSystemInfo[] List(DirectoryFrame frame)
    {
        try
        {
            return new DirectoryInfo(frame.FullPath).GetFileSystemInfos("*", ListEverything);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ContextErrors.Unreadable(frame.RelativePath.Length == 0 ? "." : frame.RelativePath + "/", frame.FullPath, e);
        }
    }

    /// <summary>A directory being walked, with per-pattern "matches it or an ancestor" flags for both rule sets.</summary>
    private sealed record DirectoryFrame(string RelativePath, string FullPath, bool[]? IgnoreMatches, bool[]? CredentialMatches);
}
