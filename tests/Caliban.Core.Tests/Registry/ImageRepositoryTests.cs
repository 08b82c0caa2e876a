using Caliban.Core.Diagnostics;
using Caliban.Core.Registry;

namespace Caliban.Core.Tests.Registry;

/// <summary>Reading CalibanImageRepository the way the docker CLI reads names, and refusing what cannot be pushed to.</summary>
public sealed class ImageRepositoryTests
{
    [Theory]
    [InlineData("us-central1-docker.pkg.dev/my-project/my-repo/mnist", "us-central1-docker.pkg.dev", "my-project/my-repo/mnist", true, false)]
    [InlineData("gcr.io/my-project/mnist", "gcr.io", "my-project/mnist", true, false)]
    [InlineData("eu.gcr.io/my-project/mnist", "eu.gcr.io", "my-project/mnist", true, false)]
    [InlineData("europe.pkg.dev/p/r/n", "europe.pkg.dev", "p/r/n", true, false)]
    [InlineData("127.0.0.1:5000/team/hello", "127.0.0.1:5000", "team/hello", false, true)]
    [InlineData("localhost:5000/hello", "localhost:5000", "hello", false, true)]
    [InlineData("registry.example.com/a/b_c-d.e", "registry.example.com", "a/b_c-d.e", false, false)]
    [InlineData("docker-pkg.dev.example.com/x", "docker-pkg.dev.example.com", "x", false, false)]
    [InlineData("team/hello", "docker.io", "team/hello", false, false)]
    [InlineData("hello", "docker.io", "library/hello", false, false)]
    public void Splits_registry_and_path(string value, string registry, string path, bool google, bool loopback)
    {
        var repository = ImageRepository.Parse(value);

        Assert.Equal(value, repository.Name);
        Assert.Equal(registry, repository.Registry);
        Assert.Equal(path, repository.Path);
        Assert.Equal(google, repository.IsGoogle);
        Assert.Equal(loopback, repository.IsLoopback);
    }

    [Fact]
    public void Docker_hub_credentials_and_api_live_at_their_own_addresses()
    {
        var hub = ImageRepository.Parse("team/hello");

        Assert.Equal("https://index.docker.io/v1/", hub.CredentialKey);
        Assert.Equal("registry-1.docker.io", hub.ApiHost);
        Assert.Equal("127.0.0.1:5000", ImageRepository.Parse("127.0.0.1:5000/a").CredentialKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_is_CAL2201_naming_the_property(string? value)
    {
        var error = Assert.Throws<CalibanException>(() => ImageRepository.Parse(value));

        Assert.Equal(ErrorCodes.PushRepositoryMissing, error.Code);
        Assert.Contains("CalibanImageRepository", error.Message);
        Assert.Contains("-p:CalibanImageRepository=", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/team/Hello", "127.0.0.1:5000/team/hello")]
    [InlineData("gcr.io/My-Project/mnist", "gcr.io/my-project/mnist")]
    public void Upper_case_paths_are_CAL2203_with_the_lower_case_form(string value, string suggested)
    {
        var error = Assert.Throws<CalibanException>(() => ImageRepository.Parse(value));

        Assert.Equal(ErrorCodes.PushRepositoryUppercase, error.Code);
        Assert.Contains($"'{suggested}'", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/team/hello:v1", "127.0.0.1:5000/team/hello")]
    [InlineData("hello:latest", "hello")]
    [InlineData("gcr.io/p/mnist@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "gcr.io/p/mnist")]
    public void A_tag_or_digest_is_CAL2204_with_the_repository_alone(string value, string withoutTag)
    {
        var error = Assert.Throws<CalibanException>(() => ImageRepository.Parse(value));

        Assert.Equal(ErrorCodes.PushRepositoryHasTag, error.Code);
        Assert.Contains($"({withoutTag})", error.Message);
    }

    [Theory]
    [InlineData("https://gcr.io/p/mnist", "scheme")]
    [InlineData("127.0.0.1:5000", "no repository")]
    [InlineData("127.0.0.1:5000/team//hello", "Expected")]
    [InlineData("127.0.0.1:5000/team/hel lo", "Expected")]
    [InlineData("127.0.0.1:5000/-team/hello", "Expected")]
    [InlineData("127.0.0.1:5000/team/hello_", "Expected")]
    public void Malformed_values_are_CAL2202_saying_why(string value, string why)
    {
        var error = Assert.Throws<CalibanException>(() => ImageRepository.Parse(value));

        Assert.Equal(ErrorCodes.PushRepositoryInvalid, error.Code);
        Assert.Contains(value, error.Message);
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/x:abcdef012345", "abcdef012345")]
    [InlineData("mnist:0123", "0123")]
    [InlineData("mnist", "latest")]
    public void The_pushed_tag_is_the_tag_part_of_the_image_tag(string imageTag, string tag) =>
        Assert.Equal(tag, PushRequest.TagOf(imageTag));
}
