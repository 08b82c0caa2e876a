using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Interactive;

/// <summary>
/// `caliban shell`: a shell in a new container of the project's image, wired to the terminal until it exits; the
/// container is removed afterwards, however the session ends.
/// </summary>
public static class ShellSession
{
    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan InputDrainTime = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Runs the shell and returns its exit code. With a real terminal the container gets one of the same size (kept
    /// in step on resize) and the host terminal is raw while attached, so keys such as Ctrl+C reach the shell; it is
    /// restored on every way out. Cancelling removes the container and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<int> RunAsync(
        ContainerEngine engine, ShellOptions options, InteractiveTerminal terminal, ICalibanLog log, CancellationToken ct)
    {
        var container = await InteractiveContainers.SpecAsync(engine, options, "shell", log, ct).ConfigureAwait(false);
        var size = terminal.Size;
        var id = await engine.CreateInteractiveContainerAsync(new InteractiveContainerSpec
        {
            Container = container,
            EntryPoint = [options.Shell.Program()],
            OpenStdin = true,
            Terminal = terminal.IsTerminal,
            TerminalSize = size,
        }, ct).ConfigureAwait(false);
        try
        {
            using var connection = await engine.AttachInteractiveAsync(id, ct).ConfigureAwait(false);
            await engine.StartContainerAsync(id, ct).ConfigureAwait(false);
            await AttachedAsync(engine, id, connection, terminal, size, ct).ConfigureAwait(false);
            return await engine.WaitForExitAsync(id, ct).ConfigureAwait(false);
        }
        finally
        {
            // Not cancellable: a session that ends for any reason leaves no container behind.
            await engine.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // The terminal is raw exactly while this runs: errors are printed after it is restored.
    private static async Task AttachedAsync(
        ContainerEngine engine, string id, ContainerConnection connection, InteractiveTerminal terminal, TerminalSize? size, CancellationToken ct)
    {
        using var raw = terminal.EnterRawMode();
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void OnResized()
        {
            if (terminal.Size is { } now)
            {
                _ = ResizeQuietlyAsync(engine, id, now, sessionEnd.Token);
            }
        }

        terminal.Resized += OnResized;
        try
        {
            if (size is { } initial)
            {
                // The size given at creation is not always applied by older engines; telling it again is harmless.
                await ResizeQuietlyAsync(engine, id, initial, ct).ConfigureAwait(false);
            }

            var input = PumpInputAsync(terminal, connection, sessionEnd.Token);
            try
            {
                await PumpOutputAsync(connection, terminal, ct).ConfigureAwait(false);
            }
            finally
            {
                sessionEnd.Cancel();
                // A stream read that ignores cancellation (a pipe kept open) must not hold the session: let it go.
                await Task.WhenAny(input, Task.Delay(InputDrainTime, CancellationToken.None)).ConfigureAwait(false);
            }
        }
        finally
        {
            terminal.Resized -= OnResized;
        }
    }

    // Until the container's output ends: the shell exited (or closed its terminal).
    private static async Task PumpOutputAsync(ContainerConnection connection, InteractiveTerminal terminal, CancellationToken ct)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            var (count, isError) = await connection.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (count == 0)
            {
                return;
            }

            await terminal.WriteAsync(buffer.AsMemory(0, count), isError, ct).ConfigureAwait(false);
        }
    }

    // Until the input ends (then the shell's stdin is closed) or the session ends; never fails the session: once the
    // shell has gone, a failed write is expected.
    private static async Task PumpInputAsync(InteractiveTerminal terminal, ContainerConnection connection, CancellationToken sessionEnd)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var count = await terminal.ReadAsync(buffer, sessionEnd).ConfigureAwait(false);
                if (count == 0)
                {
                    connection.CloseInput();
                    return;
                }

                await connection.WriteAsync(buffer.AsMemory(0, count), sessionEnd).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The session ended, or the container's stdin closed with it: the shell's exit decides the outcome, not this.
        }
    }

    private static async Task ResizeQuietlyAsync(ContainerEngine engine, string id, TerminalSize size, CancellationToken ct)
    {
        try
        {
            await engine.ResizeTerminalAsync(id, size, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or CalibanException)
        {
            // A missed resize only leaves the old size until the next one.
        }
    }
}
