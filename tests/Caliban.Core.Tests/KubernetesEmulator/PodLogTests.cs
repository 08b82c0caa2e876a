using System.Net;
using k8s;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class PodLogTests
{
    [Fact]
    public async Task A_log_names_the_image_args_and_index_and_ends_with_the_exit()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("logged", "--lr", "0.1", "--name", "two words");
        spec.Spec.CompletionMode = "Indexed";
        spec.Spec.Completions = 1;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");
        cluster.Steps(3);
        var pod = Assert.Single((await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=logged")).Items);

        await using var stream = await cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, "default", container: "main");
        var text = await new StreamReader(stream).ReadToEndAsync();

        var image = spec.Spec.Template.Spec.Containers[0].Image;
        Assert.Equal($"emulator: image={image} command=[] args=--lr 0.1 --name 'two words' index=0\nemulator: exit code 0\n", text);
    }

    [Fact]
    public async Task A_pending_pod_has_no_log_yet_and_says_so_with_a_400()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("early"), "default");
        cluster.Steps(1);
        var pod = Assert.Single(cluster.Emulator.Pods("default"))["metadata"]!["name"]!.GetValue<string>();

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default"));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal($"container \"main\" in pod \"{pod}\" is waiting to start: ContainerCreating", status.Message);
        var (missing, _) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync("ghost", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        cluster.Steps(1);
        var (badContainer, bad) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default", container: "sidecar"));
        Assert.Equal(HttpStatusCode.BadRequest, badContainer);
        Assert.Equal($"container sidecar is not valid for pod {pod}", bad.Message);
    }

    [Fact]
    public async Task Following_a_log_streams_until_the_pod_ends()
    {
        await using var cluster = await EmulatedCluster.StartAsync(stepInterval: TimeSpan.FromMilliseconds(150));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("followed", "--fail"), "default");
        string? pod = null;
        while (pod is null)
        {
            await Task.Delay(20);
            pod = cluster.Emulator.Pods("default").FirstOrDefault(p => p["status"]!["phase"]!.GetValue<string>() == "Running")?["metadata"]!["name"]!.GetValue<string>();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var stream = await cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default", follow: true, cancellationToken: timeout.Token);
        var text = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        Assert.StartsWith("emulator: image=", text);
        Assert.EndsWith("emulator: --fail given, exit code 1\n", text);
        Assert.Equal("Failed", cluster.Emulator.Pods("default").Single(p => p["metadata"]!["name"]!.GetValue<string>() == pod)["status"]!["phase"]!.GetValue<string>());
    }
}
