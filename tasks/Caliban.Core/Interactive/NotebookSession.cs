using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Docker.DotNet;

namespace Caliban.Core.Interactive;

/// <summary>
/// `caliban notebook`: Jupyter in a new container of the project's notebook image, published on 127.0.0.1 only,
/// until cancelled (Ctrl+C) or Jupyter exits; the container is removed afterwards, however the session ends.
/// </summary>
public static class NotebookSession
{
    private const string HostAddress = "127.0.0.1";

    // A port that looked free can be taken before the engine binds it; automatic ports then try the next few.
    private const int PortAttempts = 5;
    private const int LastLinesShown = 15;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts Jupyter, waits until it prints its address with the token, writes
    /// "Jupyter is running at http://127.0.0.1:PORT/?token=…" to <paramref name="output"/> and calls
    /// <paramref name="ready"/>; then serves until <paramref name="ct"/> is cancelled (returns 0 after stopping
    /// Jupyter) or Jupyter exits (returns its exit code). CAL3401–CAL3405 for port and start-up problems.
    /// </summary>
    public static async Task<int> RunAsync(
        ContainerEngine engine, NotebookOptions options, TextWriter output, ICalibanLog log, CancellationToken ct,
        Action<NotebookAddress>? ready = null)
    {
        if (options.Port is { } given)
        {
            NotebookPorts.Validate(given);
            if (!NotebookPorts.IsFree(given))
            {
                throw NotebookPorts.Taken(given);
            }
        }

        var container = await InteractiveContainers.SpecAsync(engine, options, "notebook", log, ct).ConfigureAwait(false);
        IEnumerable<int> candidates = options.Port is { } port ? [port] : NotebookPorts.FreeFrom();
        foreach (var candidate in candidates.Take(PortAttempts))
        {
            var id = await engine.CreateInteractiveContainerAsync(new InteractiveContainerSpec
            {
                Container = container,
                EntryPoint = JupyterCommand(options, candidate),
                Ports = [new PublishedPort(candidate, HostAddress, candidate)],
            }, ct).ConfigureAwait(false);
            try
            {
                using var connection = await engine.AttachOutputAsync(id, ct).ConfigureAwait(false);
                if (!await TryStartAsync(engine, id, ct).ConfigureAwait(false))
                {
                    if (options.Port is not null)
                    {
                        throw NotebookPorts.Taken(candidate);
                    }

                    log.Detail($"Port {candidate} was taken before the engine could bind it; trying the next free port.");
                    continue;
                }

                return await ServeAsync(engine, id, connection, options, candidate, output, ready, ct).ConfigureAwait(false);
            }
            finally
            {
                await engine.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
            }
        }

        throw NotebookPorts.NoFreePort(NotebookOptions.FirstPort);
    }

    /// <summary>The command the container runs: Caliban's `jupyter notebook|lab --ip=0.0.0.0 --port=PORT --no-browser`.</summary>
    public static IReadOnlyList<string> JupyterCommand(NotebookOptions options, int port)
    {
        List<string> command = ["jupyter", options.Lab ? "lab" : "notebook", "--ip=0.0.0.0", $"--port={port}", "--no-browser"];
        if (options.UserId == 0)
        {
            // Jupyter refuses to run as root unless told; the container runs as the host user, who is root here.
            command.Add("--allow-root");
        }

        return command;
    }

    // False when the engine could not publish the port because something else holds it.
    private static async Task<bool> TryStartAsync(ContainerEngine engine, string id, CancellationToken ct)
    {
        try
        {
            await engine.StartContainerAsync(id, ct).ConfigureAwait(false);
            return true;
        }
        catch (CalibanException e) when (e.Code == ErrorCodes.ContainerStartRefused && e.InnerException is DockerApiException api && IsPortConflict(api))
        {
            return false;
        }
    }

    private static bool IsPortConflict(DockerApiException error)
    {
        var message = error.ResponseBody ?? "";
        return message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
               || message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<int> ServeAsync(
        ContainerEngine engine, string id, ContainerOutput connection, NotebookOptions options, int port,
        TextWriter output, Action<NotebookAddress>? ready, CancellationToken ct)
    {
        // Jupyter's lines are written while the address is announced: one writer at a time.
        output = TextWriter.Synchronized(output);
        var started = new TaskCompletionSource<NotebookAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastLines = new Queue<string>();
        void OnLine(string line)
        {
            output.WriteLine(line);

            lastLines.Enqueue(line);
            if (lastLines.Count > LastLinesShown)
            {
                lastLines.Dequeue();
            }

            if (!started.Task.IsCompleted && JupyterAddress.TryParse(line, port) is { } address)
            {
                started.TrySetResult(address);
            }
        }

        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readAll = connection.ReadLinesAsync(OnLine, reading.Token);
        try
        {
            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            startTimeout.CancelAfter(options.StartTimeout);
            var first = await Task.WhenAny(started.Task, readAll, Task.Delay(Timeout.Infinite, startTimeout.Token)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (first == readAll)
            {
                await readAll.ConfigureAwait(false);
                var exitCode = await engine.WaitForExitAsync(id, ct).ConfigureAwait(false);
                throw new CalibanException(ErrorCodes.NotebookExited,
                    $"Jupyter exited with code {exitCode} before it printed its address. Is Jupyter installed in the image " +
                    "(CalibanNotebookInstall, default `pip install jupyterlab notebook`; --lab needs jupyterlab)? Its last lines:\n" +
                    string.Join('\n', lastLines));
            }

            if (first != started.Task)
            {
                throw new CalibanException(ErrorCodes.NotebookStartTimeout,
                    $"Jupyter did not print its address with a token within {options.StartTimeout.TotalSeconds:0} s. " +
                    "Check its output, then try again. Its last lines:\n" +
                    string.Join('\n', lastLines));
            }

            var notebook = await started.Task.ConfigureAwait(false);
            output.WriteLine($"Jupyter is running at {notebook.Url}");
            output.WriteLine("Press Ctrl+C to stop it; its container is removed then.");
            output.Flush();
            ready?.Invoke(notebook);

            await readAll.ConfigureAwait(false);
            return await engine.WaitForExitAsync(id, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C is how a notebook ends: Jupyter gets SIGTERM and a moment to save its state, then the container goes.
            await engine.StopContainerAsync(id, StopGrace, CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await reading.CancelAsync().ConfigureAwait(false);
            try
            {
                await readAll.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Only the reason the session ended matters; this read was stopped on purpose.
            }
        }
    }
}
