using System.Runtime.InteropServices;

namespace Caliban.Core.Images;

/// <summary>The account running the build, whose uid/gid the image's user gets so mounted files keep their owner.</summary>
public static class HostAccount
{
    private const int WindowsDefaultId = 1000;

    /// <summary>
    /// The effective uid and gid (geteuid/getegid) and login name on Linux and macOS; on Windows, where files on a
    /// mount carry no Unix owner, 1000:1000.
    /// </summary>
    public static (int Uid, int Gid, string UserName) HostUser()
    {
        var name = Environment.UserName;
        if (OperatingSystem.IsWindows())
        {
            return (WindowsDefaultId, WindowsDefaultId, name);
        }

        return ((int)geteuid(), (int)getegid(), name);
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern uint getegid();
}
