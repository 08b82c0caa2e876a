using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Registry;

/// <summary>
/// The docker credential-helper protocol: `docker-credential-NAME get` reads the server URL on stdin and answers
/// {"ServerURL","Username","Secret"} on stdout, or fails saying "credentials not found". Username "&lt;token&gt;"
/// means Secret is an identity (refresh) token.
/// </summary>
internal static class CredentialHelper
{
    public const string ProgramPrefix = "docker-credential-";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The helper's program file on PATH, or null when there is none.</summary>
    public static string? Find(string helper, Func<string, string?> environment)
    {
        var program = ProgramPrefix + helper;
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", "" } : [""];
        foreach (var directory in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, program + extension);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Asks the helper at <paramref name="programPath"/> for <paramref name="serverUrl"/>'s credentials; null when it has
    /// none. Throws CAL2221 when the helper fails otherwise, answers nonsense or hangs.
    /// </summary>
    public static async Task<RegistryCredential?> GetAsync(string programPath, string serverUrl, Func<string, string?> environment, CancellationToken ct)
    {
        var program = Path.GetFileName(programPath);
        var source = $"credential helper {Path.GetFileNameWithoutExtension(program)}";
        var start = new ProcessStartInfo(programPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("get");
        if (environment("PATH") is { } path)
        {
            start.Environment["PATH"] = path; // helpers such as gcloud's run further programs from PATH
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw Failed(source, serverUrl, $"it could not be started ({e.Message})", e);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.StandardInput.WriteAsync(serverUrl.AsMemory(), deadline.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var output = (await stdout.ConfigureAwait(false)).Trim();
            var errors = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                // The protocol's "no credentials" answer (docker-credential-helpers' ErrCredentialsNotFound).
                if ($"{output}\n{errors}".Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw Failed(source, serverUrl, $"it exited with code {process.ExitCode}: {FirstLine(errors.Length > 0 ? errors : output)}");
            }

            return Parse(output, source, serverUrl);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            TryKill(process);
            throw Failed(source, serverUrl, $"it did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch
        {
            TryKill(process);
            throw;
        }
    }

    private static RegistryCredential? Parse(string output, string source, string serverUrl)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var username = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            return username == "<token>"
                ? RegistryCredential.FromIdentityToken(secret, source)
                : RegistryCredential.FromPassword(username ?? "", secret, source);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Never quote the output: it may hold the secret.
            throw Failed(source, serverUrl, "its answer is not the JSON object {\"Username\", \"Secret\"} the protocol requires", e);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "no message" : line.Length > 300 ? line[..300] + "…" : line;
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static CalibanException Failed(string source, string serverUrl, string why, Exception? inner = null) => new(
        ErrorCodes.CredentialHelperFailed,
        $"The {source} failed to give credentials for {serverUrl}: {why}. Check the helper works " +
        $"(`echo {serverUrl} | {source["credential helper ".Length..]} get`), log in again with it, or remove it from credHelpers/credsStore " +
        "in your docker config.json.",
        inner: inner);
}
