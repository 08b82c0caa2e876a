using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Docker.DotNet.Models;

namespace Caliban.Core.Tests.Engine;

/// <summary>Reading the classic builder's message stream and explaining its errors, without an engine.</summary>
public sealed class BuildProgressMonitorTests
{
    private readonly RecordingBuildObserver observer = new();
    private readonly BuildProgressMonitor monitor;

    public BuildProgressMonitorTests() => monitor = new BuildProgressMonitor(observer);

    [Fact]
    public void Lines_split_across_messages_are_joined_and_progress_redraws_keep_the_last_state()
    {
        Stream("Step 1/2 : FROM base\n ---> 1a2b\nStep 2/2 : RUN pip ins");
        Stream("tall x\n ---> Running in 3c4d\nDownloading 10%\rDownloading 60%\rDownloading 100%\r\n");
        Stream("\n   \nno newline at the end");
        monitor.Complete();

        Assert.Equal([(1, 2, "FROM base"), (2, 2, "RUN pip install x")], observer.Steps);
        Assert.Equal([" ---> 1a2b", " ---> Running in 3c4d", "Downloading 100%", "no newline at the end"], observer.Output);
    }

    [Fact]
    public void Terminal_colour_escapes_around_stderr_are_dropped()
    {
        Stream("Step 1/1 : RUN x\n");
        Stream("\u001b[91mwarning on stderr\n\u001b[0m");
        Stream("Removing intermediate container 1a2b\n");

        Assert.Equal(["warning on stderr", "Removing intermediate container 1a2b"], observer.Output);
    }

    [Fact]
    public void Cached_steps_and_the_aux_image_id_are_counted()
    {
        Stream("Step 1/3 : FROM base\n ---> 1a2b\nStep 2/3 : RUN a\n ---> Using cache\n ---> 5e6f\nStep 3/3 : RUN b\n ---> Using cache\n");
        monitor.Report(Parse("""{"aux":{"ID":"sha256:abc"}}"""));

        Assert.Equal(2, monitor.CachedSteps);
        Assert.Equal(3, monitor.Step);
        Assert.Equal("sha256:abc", monitor.ImageId);
        Assert.Null(monitor.Error);
    }

    [Fact]
    public void Pull_status_changes_are_output_but_progress_ticks_are_not()
    {
        monitor.Report(Parse("""{"status":"Pulling from library/python","id":"3.11"}"""));
        monitor.Report(Parse("""{"status":"Downloading","progressDetail":{"current":10,"total":100},"id":"a1"}"""));
        monitor.Report(Parse("""{"status":"Pull complete","progressDetail":{},"id":"a1"}"""));

        Assert.Equal(["3.11: Pulling from library/python", "a1: Pull complete"], observer.Output);
    }

    [Fact]
    public void A_failing_FROM_step_is_an_unavailable_base_image()
    {
        Stream("Step 1/3 : FROM --platform=linux/amd64 registry.example/team/base:1 AS build\n");
        Error("pull access denied for registry.example/team/base, repository does not exist or may require 'docker login'");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest { DockerfileDisplayPath = "obj/caliban/Dockerfile" });

        Assert.Equal(ErrorCodes.BaseImageUnavailable, error.Code);
        Assert.Contains("'registry.example/team/base:1'", error.Message);
        Assert.Contains("CalibanBaseImage", error.Message);
        Assert.Contains("docker images", error.Message);
        Assert.Contains("docker login", error.Message);
    }

    [Fact]
    public void A_pull_error_before_any_step_is_an_unavailable_base_image()
    {
        Error("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");

        Assert.Equal(ErrorCodes.BaseImageUnavailable, BuildFailure.Describe(monitor, new ImageBuildRequest()).Code);
    }

    [Theory]
    [InlineData("RUN pip install --no-cache-dir -r requirements.txt", "requirements.txt")]
    [InlineData("RUN python -m pip install --requirement=reqs/dev.txt", "reqs/dev.txt")]
    [InlineData("RUN conda env update --quiet --name caliban --file environment.yml && conda clean -y -q --all", "environment.yml")]
    [InlineData("RUN conda env update -f env/gpu.yml", "env/gpu.yml")]
    public void A_failing_install_from_a_file_names_the_file(string instruction, string file)
    {
        Stream($"Step 1/2 : FROM base\nStep 2/2 : {instruction}\nERROR: No matching distribution found for nothing==9\n");
        Error("The command '/bin/sh -c ...' returned a non-zero code: 1");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest());

        Assert.Equal(ErrorCodes.DependencyInstallFailed, error.Code);
        Assert.Equal(file, error.File);
        Assert.Contains(file, error.Message);
        Assert.Contains("No matching distribution found for nothing==9", error.Message);
        Assert.Contains($"2/2 `{instruction}`", error.Message);
    }

    [Theory]
    [InlineData("COPY --chown=1000:1000 setup.py /usr/app/", "RUN pip install --no-cache-dir .[cpu]", "setup.py")]
    [InlineData("COPY pyproject.toml setup.py /usr/app/", "RUN pip install --no-cache-dir '.[gpu,extra]'", "pyproject.toml")]
    [InlineData("COPY . /usr/app", "RUN pip install -e .", null)]
    public void A_failing_install_of_the_project_names_its_project_file(string copy, string install, string? file)
    {
        Stream($"Step 1/3 : FROM base\nStep 2/3 : {copy}\nStep 3/3 : {install}\n");
        Error("The command returned a non-zero code: 1");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest());

        Assert.Equal(ErrorCodes.DependencyInstallFailed, error.Code);
        Assert.Equal(file, error.File);
        Assert.Contains(file ?? "setup.py / pyproject.toml", error.Message);
    }

    [Fact]
    public void A_pip_refusing_system_wide_installs_points_at_the_base_image_not_the_file()
    {
        Stream("Step 1/2 : FROM base\nStep 2/2 : RUN pip install -r requirements.txt\n ---> Running in 1a2b\nerror: externally-managed-environment\n");
        Error("The command returned a non-zero code: 1");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest());

        Assert.Equal(ErrorCodes.DependencyInstallFailed, error.Code);
        Assert.Contains("PEP 668", error.Message);
        Assert.Contains("PIP_BREAK_SYSTEM_PACKAGES", error.Message);
        Assert.DoesNotContain("Running in", error.Message);
    }

    [Fact]
    public void A_failing_install_of_named_packages_names_them()
    {
        Stream("Step 1/2 : FROM base\nStep 2/2 : RUN pip install --no-cache-dir 'jupyterlab==3.0.0'\n");
        Error("The command returned a non-zero code: 1");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest());

        Assert.Equal(ErrorCodes.DependencyInstallFailed, error.Code);
        Assert.Contains("jupyterlab==3.0.0", error.Message);
        Assert.Null(error.File);
    }

    [Fact]
    public void Any_other_failing_step_names_the_step_and_its_last_twenty_lines()
    {
        Stream("Step 1/2 : FROM base\nearlier step output\nStep 2/2 : RUN ./make-data.sh\n");
        Stream(string.Concat(Enumerable.Range(1, 25).Select(i => $"line {i}\n")));
        Error("The command '/bin/sh -c ./make-data.sh' returned a non-zero code: 2");

        var error = BuildFailure.Describe(monitor, new ImageBuildRequest { DockerfileDisplayPath = "obj/caliban/Dockerfile" });

        Assert.Equal(ErrorCodes.ImageBuildStepFailed, error.Code);
        Assert.Equal("obj/caliban/Dockerfile", error.File);
        Assert.Contains("step 2/2 `RUN ./make-data.sh`", error.Message);
        Assert.Contains("returned a non-zero code: 2", error.Message);
        Assert.Contains("line 25", error.Message);
        Assert.Contains("line 6", error.Message);
        Assert.DoesNotContain("line 5\n", error.Message.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("earlier step output", error.Message);
        Assert.Contains("obj/caliban/Dockerfile", error.Message);
    }

    private void Stream(string text) => monitor.Report(new JSONMessage { Stream = text });

    private void Error(string message) => monitor.Report(new JSONMessage { Error = new JSONError { Message = message } });

    private static JSONMessage Parse(string json) => JsonSerializer.Deserialize<JSONMessage>(json)!;
}
