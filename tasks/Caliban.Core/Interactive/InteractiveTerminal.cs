using System.Runtime.InteropServices;
using Caliban.Core.Engine;

namespace Caliban.Core.Interactive;

/// <summary>
/// Where a shell's input comes from and its output goes: the process's own console, a pseudo-terminal a caller
/// opened, or plain streams (a pipe, a test). Only a real terminal gets a terminal in the container, raw mode and
/// window sizes; with streams the shell reads its input as a script.
/// </summary>
public sealed class InteractiveTerminal : IDisposable
{
    // How often a wait for keyboard input looks whether the session ended meanwhile.
    private const int InputPollMilliseconds = 100;
    private readonly int inputFd = -1;
    private readonly int outputFd = -1;
    private readonly Stream? input;
    private readonly Stream? output;
    private readonly Stream? error;
    private readonly PosixSignalRegistration? resizeSignal;

    private InteractiveTerminal(int inputFd, int outputFd, bool watchResizeSignal)
    {
        this.inputFd = inputFd;
        this.outputFd = outputFd;
        IsTerminal = TerminalNative.IsTerminal(inputFd);
        if (IsTerminal && watchResizeSignal && !OperatingSystem.IsWindows())
        {
            resizeSignal = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => NotifyResized());
        }
    }

    private InteractiveTerminal(Stream input, Stream output, Stream? error)
    {
        this.input = input;
        this.output = output;
        this.error = error;
    }

    /// <summary>True when input is a terminal: the container then gets one too, and the host terminal goes raw while attached.</summary>
    public bool IsTerminal { get; }

    /// <summary>Raised when the terminal's window size changed (SIGWINCH for the console, <see cref="NotifyResized"/> otherwise).</summary>
    public event Action? Resized;

    /// <summary>The process's stdin and stdout (file descriptors 0 and 1), following window size changes.</summary>
    public static InteractiveTerminal Console() => OperatingSystem.IsWindows()
        ? new InteractiveTerminal(System.Console.OpenStandardInput(), System.Console.OpenStandardOutput(), System.Console.OpenStandardError())
        : new InteractiveTerminal(0, 1, watchResizeSignal: true);

    /// <summary>
    /// Already open file descriptors, e.g. the secondary side of a pseudo-terminal. They stay open; the caller closes
    /// them. Size changes are announced with <see cref="NotifyResized"/>.
    /// </summary>
    public static InteractiveTerminal FromFileDescriptors(int inputFd, int outputFd) => new(inputFd, outputFd, watchResizeSignal: false);

    /// <summary>Plain streams: never a terminal. stderr goes to <paramref name="error"/>, or with stdout when null.</summary>
    public static InteractiveTerminal FromStreams(Stream input, Stream output, Stream? error = null) => new(input, output, error);

    /// <summary>The window size now, when this is a terminal that knows it.</summary>
    public TerminalSize? Size => IsTerminal ? TerminalNative.GetSize(outputFd >= 0 && TerminalNative.IsTerminal(outputFd) ? outputFd : inputFd) : null;

    /// <summary>Announces a window size change to whoever listens (the running session).</summary>
    public void NotifyResized() => Resized?.Invoke();

    /// <summary>
    /// Switches the input terminal to raw mode until the result is disposed, and also when the process exits before
    /// that; null when this is no terminal.
    /// </summary>
    public IDisposable? EnterRawMode() => IsTerminal ? RawMode.Enter(inputFd) : null;

    /// <summary>Reads what the user typed: 0 at end of input. Cancelling returns within a moment.</summary>
    internal async Task<int> ReadAsync(byte[] buffer, CancellationToken ct)
    {
        if (input is not null)
        {
            return await input.ReadAsync(buffer, ct).ConfigureAwait(false);
        }

        // poll() with a timeout instead of a blocking read: a read left waiting after the session would swallow the
        // user's next keystroke (or read a reused descriptor).
        return await Task.Run(() =>
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!TerminalNative.WaitReadable(inputFd, InputPollMilliseconds))
                {
                    continue;
                }

                var count = TerminalNative.Read(inputFd, buffer);
                if (count >= 0)
                {
                    return count;
                }
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Writes the container's output; stderr (only apart without a terminal) to the error stream when there is one.</summary>
    internal async Task WriteAsync(ReadOnlyMemory<byte> bytes, bool isError, CancellationToken ct)
    {
        if (output is null)
        {
            TerminalNative.Write(outputFd, bytes.Span);
            return;
        }

        var target = isError && error is not null ? error : output;
        await target.WriteAsync(bytes, ct).ConfigureAwait(false);
        await target.FlushAsync(ct).ConfigureAwait(false);
    }

    public void Dispose() => resizeSignal?.Dispose();

    /// <summary>Raw mode for one terminal, restored exactly once: on dispose or at process exit.</summary>
    private sealed class RawMode : IDisposable
    {
        private readonly int fd;
        private readonly byte[] saved;
        private int restored;

        private RawMode(int fd, byte[] saved)
        {
            this.fd = fd;
            this.saved = saved;
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        public static RawMode? Enter(int fd)
        {
            var saved = TerminalNative.GetAttributes(fd);
            if (saved is null || !TerminalNative.SetAttributes(fd, TerminalNative.MakeRaw(saved)))
            {
                return null;
            }

            return new RawMode(fd, saved);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref restored, 1) == 0)
            {
                TerminalNative.SetAttributes(fd, saved);
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            }
        }

        private void OnProcessExit(object? sender, EventArgs e) => Dispose();
    }
}
