using System.Diagnostics;

namespace Caliban.Core.Tests.History;

/// <summary>
/// Makes a file or folder really unwritable for this process. Permission bits do not stop root (the tests run as root
/// in CI), so as root we set the immutable attribute (<c>chattr +i</c>, ext4/xfs/btrfs), which the kernel enforces
/// for root too; otherwise we clear the write bits. Each call proves the protection holds before the test relies on it.
/// </summary>
internal static class WriteProtection
{
    public static void Protect(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Write protection is only implemented for Unix.");
        if (Environment.IsPrivilegedProcess)
        {
            Chattr("+i", path);
        }
        else
        {
            var mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
        AssertUnwritable(path);
    }

    /// <summary>Lifts the protection from <paramref name="root"/> and everything under it (so the temp folder can be deleted).</summary>
    public static void Release(string root)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(root)) return;
        if (Environment.IsPrivilegedProcess)
        {
            Chattr("-R", "-i", root);
        }
        else
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Prepend(root))
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite);
            }
        }
    }

    private static void AssertUnwritable(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var probe = Path.Combine(path, ".write-probe");
                File.WriteAllText(probe, "");
                File.Delete(probe);
            }
            else
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return;
        }
        Assert.Fail($"Could not make '{path}' unwritable on this machine (chattr +i unsupported by its file system?); " +
                    "the read-only tests need a file system that honours the immutable attribute.");
    }

    private static void Chattr(params string[] arguments)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {string.Join(' ', arguments)} failed: {error}");
    }
}
