using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Engine;

/// <summary>Removes what a test run left in the shared engine: the containers, then the images, carrying one label.</summary>
internal static class LabelledEngineObjects
{
    public static async Task RemoveAsync(Uri endpoint, string label)
    {
        using var client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        foreach (var container in await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }))
        {
            await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        foreach (var image in await client.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }))
        {
            try
            {
                await client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
            catch (DockerImageNotFoundException)
            {
                // Went with an image removed before it.
            }
        }
    }
}
