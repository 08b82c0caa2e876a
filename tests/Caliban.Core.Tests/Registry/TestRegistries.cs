using System.Diagnostics;

namespace Caliban.Core.Tests.Registry;

/// <summary>
/// The loopback registries eng/ensure-registry.sh runs: an open one and an htpasswd-protected one. eng/test.sh exports
/// their addresses; when they are unset (a bare `dotnet test`) the script is run here. Never skipped: a registry that
/// does not answer fails the tests saying what to run.
/// </summary>
internal static class TestRegistries
{
    private static readonly Lazy<(string Open, string Auth, string User, string Password)> Registries = new(Ensure);

    public static string Open => Registries.Value.Open;

    public static string Auth => Registries.Value.Auth;

    public static string User => Registries.Value.User;

    public static string Password => Registries.Value.Password;

    private static (string, string, string, string) Ensure()
    {
        static string Variable(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
        var registries = (
            Variable("CALIBAN_TEST_REGISTRY", "127.0.0.1:5000"),
            Variable("CALIBAN_TEST_AUTH_REGISTRY", "127.0.0.1:5001"),
            Variable("CALIBAN_TEST_REGISTRY_USER", "caliban-test"),
            Variable("CALIBAN_TEST_REGISTRY_PASSWORD", "caliban-test-password"));
        if (Answers(registries.Item1) && Answers(registries.Item2))
        {
            return registries;
        }

        var script = Path.Combine(RepositoryRoot(), "eng", "ensure-registry.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0 || !Answers(registries.Item1) || !Answers(registries.Item2))
        {
            throw new InvalidOperationException(
                $"The push tests need the loopback registries on {registries.Item1} and {registries.Item2}; {script} could not start them " +
                $"(run eng/test.sh, which sets them up, as root):\n{output.Result}");
        }

        return registries;
    }

    private static bool Answers(string registry)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            var status = (int)http.GetAsync($"http://{registry}/v2/").GetAwaiter().GetResult().StatusCode;
            return status is 200 or 401;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caliban.Build.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("Caliban.Build.sln not found above the test assembly.");
    }
}
