using Caliban.Core.Diagnostics;
using Docker.DotNet;

namespace Caliban.Core.Engine;

/// <summary>Words container failures for people: which container or image, what the engine said, and the fix.</summary>
internal static class ContainerFailure
{
    public static CalibanException ImageMissing(DockerEndpoint endpoint, string image) => new(
        ErrorCodes.RunImageNotFound,
        $"The image '{image}' to run is not on the Docker engine at {endpoint.Uri} (from {endpoint.Source}). " +
        "Build it with `dotnet build -t:CalibanBuild` (or check the id or tag with `docker images`), then run again.");

    public static CalibanException Refused(DockerEndpoint endpoint, string action, DockerApiException error) => new(
        ErrorCodes.ContainerStartRefused,
        $"The Docker engine at {endpoint.Uri} refused {action}: {EngineFailure.MessageOf(error)}. " +
        "Fix the mount, environment or image setting the message names, then run again.",
        inner: error);

    public static CalibanException Vanished(DockerEndpoint endpoint, string containerId, string action, Exception error) => new(
        ErrorCodes.ContainerVanished,
        $"Container {Short(containerId)} disappeared from the Docker engine at {endpoint.Uri} while {action}; something else removed it " +
        "(`docker rm`, `docker system prune`, an engine restart). Run the job again and leave its container alone while it runs.",
        inner: error);

    /// <summary>The 12-character id the docker CLI shows.</summary>
    public static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
