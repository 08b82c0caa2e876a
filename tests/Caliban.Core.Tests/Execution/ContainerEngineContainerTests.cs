using System.Diagnostics;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Docker.DotNet;

namespace Caliban.Core.Tests.Execution;

/// <summary>The engine's container calls and the stored-job helpers, against the real engine.</summary>
[Collection(RunnerCollection.Name)]
public sealed class ContainerEngineContainerTests(RunnerFixture fixture) : IAsyncLifetime
{
    private ContainerEngine Engine => fixture.Engine;

    [Fact]
    public async Task A_created_container_carries_the_GPU_request_and_every_setting_without_starting()
    {
        var directory = Directory.CreateTempSubdirectory("caliban-mount-").FullName;
        var spec = Spec(["python3", "-c", "print(1)"]) with
        {
            AllGpus = true,
            HostIpc = true,
            Init = true,
            Environment = new Dictionary<string, string> { ["A"] = "1" },
            Mounts = [new BindMount(directory, "/data", ReadOnly: true)],
            WorkingDirectory = "/tmp",
            User = "1234:5678",
        };

        var id = await Engine.CreateContainerAsync(spec, CancellationToken.None);
        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(Engine.Endpoint.Uri).Build();
            var container = await client.Containers.InspectContainerAsync(id);

            Assert.Equal("created", container.State!.Status);
            var gpus = Assert.Single(container.HostConfig!.DeviceRequests);
            Assert.Equal("nvidia", gpus.Driver);
            Assert.Equal(-1, gpus.Count);
            Assert.Equal(["gpu"], Assert.Single(gpus.Capabilities));
            Assert.Equal("host", container.HostConfig!.IpcMode);
            Assert.True(container.HostConfig!.Init);
            Assert.False(container.HostConfig!.AutoRemove);
            var mount = Assert.Single(container.HostConfig!.Mounts ?? []);
            Assert.Equal(("bind", directory, "/data", true), (mount.Type, mount.Source, mount.Target, mount.ReadOnly == true));
            Assert.Equal(["/usr/bin/env", "CALIBAN_TEST_ENTRYPOINT=yes"], container.Config!.Entrypoint);
            Assert.Equal(["python3", "-c", "print(1)"], container.Config!.Cmd);
            Assert.Contains("A=1", container.Config!.Env);
            Assert.Equal(("/tmp", "1234:5678"), (container.Config!.WorkingDir, container.Config!.User));
            Assert.Equal(spec.Name, container.Name.TrimStart('/'));
        }
        finally
        {
            await Engine.RemoveContainerAsync(id, CancellationToken.None);
            Directory.Delete(directory);
        }

        Assert.Null(await Engine.InspectContainerAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Without_GPUs_no_device_is_requested()
    {
        var id = await Engine.CreateContainerAsync(Spec(["true"]), CancellationToken.None);
        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(Engine.Endpoint.Uri).Build();
            var container = await client.Containers.InspectContainerAsync(id);

            Assert.Empty(container.HostConfig!.DeviceRequests ?? []);
            Assert.NotEqual("host", container.HostConfig!.IpcMode);
        }
        finally
        {
            await Engine.RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_stored_running_job_is_seen_running_then_stopped_and_removed_within_seconds()
    {
        var spec = Spec(["sleep", "60"]) with { Init = true };
        var id = await Engine.CreateContainerAsync(spec, CancellationToken.None);
        await Engine.StartContainerAsync(id, CancellationToken.None);

        Assert.Equal((null, null, true), await LocalContainers.InspectAsync(Engine, id, CancellationToken.None));
        var listed = Assert.Single(await Engine.ListContainersAsync(spec.Labels, CancellationToken.None));
        Assert.Equal((id, "running", spec.Name), (listed.Id, listed.State, listed.Name));

        var clock = Stopwatch.StartNew();
        await LocalContainers.StopAsync(Engine, id, CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");

        Assert.Equal((null, null, false), await LocalContainers.InspectAsync(Engine, id, CancellationToken.None));
        await LocalContainers.StopAsync(Engine, id, CancellationToken.None); // gone already: fine
    }

    [Fact]
    public async Task A_stored_job_that_exited_reports_its_outcome_and_exit_code()
    {
        var id = await Engine.CreateContainerAsync(Spec(["sh", "-c", "exit 4"]), CancellationToken.None);
        try
        {
            await Engine.StartContainerAsync(id, CancellationToken.None);

            Assert.Equal(4, await Engine.WaitForExitAsync(id, CancellationToken.None));
            Assert.Equal((LocalJobOutcome.Failed, 4, true), await LocalContainers.InspectAsync(Engine, id, CancellationToken.None));
        }
        finally
        {
            await Engine.RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Starting_a_container_that_was_removed_is_CAL3205()
    {
        var id = await Engine.CreateContainerAsync(Spec(["true"]), CancellationToken.None);
        await Engine.RemoveContainerAsync(id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CalibanException>(() => Engine.StartContainerAsync(id, CancellationToken.None));

        Assert.Equal(ErrorCodes.ContainerVanished, error.Code);
        Assert.Contains(id[..12], error.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => Assert.Empty(await fixture.ContainersOfTestsAsync());

    private ContainerSpec Spec(IReadOnlyList<string> arguments) => new()
    {
        Image = fixture.JobImage,
        Arguments = arguments,
        Name = $"caliban-test-{Guid.NewGuid():N}",
        Labels = new Dictionary<string, string>(fixture.Labels) { ["build.caliban.test.case"] = Guid.NewGuid().ToString("N") },
    };
}
