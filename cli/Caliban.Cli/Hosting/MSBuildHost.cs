using Caliban.Core.Diagnostics;
using Microsoft.Build.Locator;

namespace Caliban.Cli.Hosting;

/// <summary>
/// Registers the .NET SDK's MSBuild (Microsoft.Build.Locator) once per process. Nothing here may touch a
/// Microsoft.Build type: they must load from the SDK found here, so all MSBuild use lives in <see cref="ProjectRunner"/>.
/// </summary>
internal static class MSBuildHost
{
    private static readonly Lock Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (MSBuildLocator.IsRegistered) return;
            VisualStudioInstance[] sdks;
            try
            {
                sdks = MSBuildLocator.QueryVisualStudioInstances()
                    .Where(instance => instance.DiscoveryType == DiscoveryType.DotNetSdk)
                    .OrderByDescending(instance => instance.Version)
                    .ToArray();
            }
            catch (InvalidOperationException)
            {
                // hostfxr says "No .NET SDKs were found" this way.
                sdks = [];
            }
            if (sdks.Length == 0)
                throw new EnvironmentError(ErrorCodes.CliNoDotnetSdk,
                    $"No .NET SDK was found for the .NET {Environment.Version.Major} runtime running caliban. " +
                    $"Install the .NET {Environment.Version.Major} SDK (https://dot.net), or set DOTNET_ROOT to a .NET installation that has one.");
            MSBuildLocator.RegisterInstance(sdks[0]);
        }
    }
}
