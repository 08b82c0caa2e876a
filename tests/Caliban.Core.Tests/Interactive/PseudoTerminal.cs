using System.Runtime.InteropServices;
using System.Text;
using Caliban.Core.Engine;
using Caliban.Core.Interactive;

namespace Caliban.Core.Tests.Interactive;

/// <summary>
/// A pseudo-terminal opened with posix_openpt: the test types into and reads from the primary side, as a terminal
/// emulator would; the session under test gets the secondary side, a real terminal (isatty, raw mode, window size).
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private const int OpenReadWrite = 0x2;
    private const int NoControllingTerminal = 0x100;
    private readonly StringBuilder received = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;

    public PseudoTerminal(TerminalSize size)
    {
        Primary = posix_openpt(OpenReadWrite | NoControllingTerminal);
        if (Primary < 0 || grantpt(Primary) != 0 || unlockpt(Primary) != 0)
        {
            throw new InvalidOperationException($"Cannot open a pseudo-terminal (errno {Marshal.GetLastPInvokeError()}).");
        }

        var name = new byte[256];
        if (ptsname_r(Primary, name, name.Length) != 0)
        {
            throw new InvalidOperationException("Cannot name the pseudo-terminal's secondary side.");
        }

        Secondary = open(Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)), OpenReadWrite | NoControllingTerminal);
        if (Secondary < 0)
        {
            throw new InvalidOperationException($"Cannot open the pseudo-terminal's secondary side (errno {Marshal.GetLastPInvokeError()}).");
        }

        Resize(size);
        reader = Task.Run(ReadLoop);
    }

    public int Primary { get; }

    public int Secondary { get; }

    /// <summary>Everything the session wrote to the terminal so far.</summary>
    public string Output
    {
        get
        {
            lock (received)
            {
                return received.ToString();
            }
        }
    }

    public void Resize(TerminalSize size)
    {
        if (!TerminalNative.SetSize(Primary, size))
        {
            throw new InvalidOperationException("Cannot set the pseudo-terminal's size.");
        }
    }

    /// <summary>Types text as a person would (a carriage return is the Enter key).</summary>
    public void Type(string text) => TerminalNative.Write(Primary, Encoding.UTF8.GetBytes(text));

    /// <summary>Waits until the output (from <paramref name="from"/> on) contains <paramref name="text"/>; returns where it ends.</summary>
    public async Task<int> WaitForAsync(string text, int from = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var output = Output;
            var index = output.IndexOf(text, Math.Min(from, output.Length), StringComparison.Ordinal);
            if (index >= 0)
            {
                return index + text.Length;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The terminal never showed \"{text}\". It showed:\n{Output}");
    }

    public void Dispose()
    {
        stop.Cancel();
        reader.Wait(TimeSpan.FromSeconds(5));
        close(Secondary);
        close(Primary);
        stop.Dispose();
    }

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        while (!stop.IsCancellationRequested)
        {
            if (!TerminalNative.WaitReadable(Primary, 50))
            {
                continue;
            }

            int count;
            try
            {
                count = TerminalNative.Read(Primary, buffer);
            }
            catch (IOException)
            {
                return;
            }

            if (count <= 0)
            {
                continue;
            }

            var chars = new char[decoder.GetCharCount(buffer, 0, count)];
            decoder.GetChars(buffer, 0, count, chars, 0);
            lock (received)
            {
                received.Append(chars);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int ptsname_r(int fd, byte[] buffer, nint length);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc")]
    private static extern int close(int fd);
}
