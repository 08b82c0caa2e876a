using System.Runtime.InteropServices;

namespace Caliban.Core.Interactive;

/// <summary>The few libc calls a terminal needs on Linux and macOS: is it a terminal, raw mode, its size, waiting for input.</summary>
internal static class TerminalNative
{
    // termios differs in size between platforms; it is only ever saved, made raw by libc and restored, so an
    // opaque buffer larger than any platform's struct does.
    public const int TermiosBufferSize = 256;
    private const int TcsaNow = 0;
    private const short PollIn = 0x1;
    private const int Eintr = 4;
    private const int EagainLinux = 11;
    private const int EagainMac = 35;
    private const ulong TiocGetWindowSize = 0x5413;
    private const ulong TiocSetWindowSize = 0x5414;

    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    public static bool IsTerminal(int fd) => IsSupported && isatty(fd) == 1;

    /// <summary>The terminal's current settings, or null when <paramref name="fd"/> is no terminal.</summary>
    public static byte[]? GetAttributes(int fd)
    {
        var settings = new byte[TermiosBufferSize];
        return IsSupported && tcgetattr(fd, settings) == 0 ? settings : null;
    }

    public static bool SetAttributes(int fd, byte[] settings) => tcsetattr(fd, TcsaNow, settings) == 0;

    /// <summary>The same settings in raw mode: no echo, no line editing, no signals from keys, bytes passed as they come.</summary>
    public static byte[] MakeRaw(byte[] settings)
    {
        var raw = (byte[])settings.Clone();
        cfmakeraw(raw);
        return raw;
    }

    public static Engine.TerminalSize? GetSize(int fd)
    {
        if (OperatingSystem.IsMacOS() && fd is 0 or 1 or 2)
        {
            // ioctl is variadic, which P/Invoke cannot call portably on Apple silicon; .NET's console knows the size.
            return Console.WindowHeight > 0 && Console.WindowWidth > 0 ? new Engine.TerminalSize(Console.WindowHeight, Console.WindowWidth) : null;
        }

        var size = new WindowSize();
        return OperatingSystem.IsLinux() && ioctl(fd, TiocGetWindowSize, ref size) == 0 && size.Rows > 0 && size.Columns > 0
            ? new Engine.TerminalSize(size.Rows, size.Columns)
            : null;
    }

    /// <summary>Sets a terminal's size (TIOCSWINSZ), as a terminal emulator does; tests use it on pseudo-terminals.</summary>
    public static bool SetSize(int fd, Engine.TerminalSize terminalSize)
    {
        var size = new WindowSize { Rows = (ushort)terminalSize.Rows, Columns = (ushort)terminalSize.Columns };
        return OperatingSystem.IsLinux() && ioctl(fd, TiocSetWindowSize, ref size) == 0;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input; true when a read would not block (data, end of file or an error).</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        var poll = new PollFd { Fd = fd, Events = PollIn };
        var ready = Poll(ref poll, 1, timeoutMs);
        if (ready < 0)
        {
            return Marshal.GetLastPInvokeError() != Eintr;
        }

        return ready > 0;
    }

    /// <summary>Reads what is there (at most the buffer); 0 at end of file; -1 when nothing could be read right now.</summary>
    public static int Read(int fd, byte[] buffer)
    {
        var count = (int)ReadBytes(fd, buffer, buffer.Length);
        if (count >= 0)
        {
            return count;
        }

        var error = Marshal.GetLastPInvokeError();
        return error is Eintr or EagainLinux or EagainMac ? -1 : throw new IOException($"Reading the terminal failed (errno {error}).");
    }

    /// <summary>Writes every byte, retrying short writes.</summary>
    public static void Write(int fd, ReadOnlySpan<byte> data)
    {
        var buffer = data.ToArray();
        var written = 0;
        while (written < buffer.Length)
        {
            var count = (int)WriteBytes(fd, buffer[written..], buffer.Length - written);
            if (count < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error is Eintr or EagainLinux or EagainMac)
                {
                    continue;
                }

                throw new IOException($"Writing to the terminal failed (errno {error}).");
            }

            written += count;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc")]
    private static extern int isatty(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, [Out] byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    private static extern void cfmakeraw([In, Out] byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, ref WindowSize size);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, ulong count, int timeoutMs);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadBytes(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint WriteBytes(int fd, byte[] buffer, nint count);
}
