using Caliban.Core.Diagnostics;
using Caliban.Core.Registry;

namespace Caliban.Core.Tests.Registry;

/// <summary>
/// The engine's push errors worded for people. The messages below are the ones engines send (taken from Docker 20.10
/// and registry answers); those the loopback registries can produce are also checked end to end in RegistryPusherTests.
/// </summary>
public sealed class PushFailureTests
{
    private static readonly ImageRepository Google = ImageRepository.Parse("us-central1-docker.pkg.dev/p/r/mnist");
    private static readonly ImageRepository Private = ImageRepository.Parse("registry.example.com/team/mnist");

    [Theory]
    [InlineData("unauthorized: authentication required")]
    [InlineData("denied: Permission \"artifactregistry.repositories.uploadArtifacts\" denied on resource")]
    [InlineData("no basic auth credentials")]
    public void Denied_names_the_source_and_googles_fixes(string message)
    {
        var error = PushFailure.Describe(message, Google, "abc", RegistryCredential.Anonymous("test"));

        Assert.Equal(ErrorCodes.RegistryDenied, error.Code);
        Assert.Contains("us-central1-docker.pkg.dev", error.Message);
        Assert.Contains("Credentials used: none (test)", error.Message);
        Assert.Contains("gcloud auth configure-docker us-central1-docker.pkg.dev", error.Message);
        Assert.Contains("gcloud auth application-default login", error.Message);
    }

    [Fact]
    public void Denied_elsewhere_says_docker_login_and_that_the_credentials_were_refused()
    {
        var error = PushFailure.Describe("denied: requested access to the resource is denied", Private, "abc",
            RegistryCredential.FromPassword("u", "p", "credential helper docker-credential-pass"));

        Assert.Equal(ErrorCodes.RegistryDenied, error.Code);
        Assert.Contains("`docker login registry.example.com`", error.Message);
        Assert.Contains("refused these credentials", error.Message);
        Assert.Contains("docker-credential-pass", error.Message);
    }

    [Fact]
    public void Plain_http_registries_point_at_insecure_registries()
    {
        var error = PushFailure.Describe("Get \"https://registry.example.com/v2/\": http: server gave HTTP response to HTTPS client", Private, "abc", RegistryCredential.None);

        Assert.Equal(ErrorCodes.RegistryTlsFailed, error.Code);
        Assert.Contains("\"insecure-registries\": [\"registry.example.com\"]", error.Message);
    }

    [Fact]
    public void Untrusted_certificates_point_at_certs_d()
    {
        var error = PushFailure.Describe("Get \"https://registry.example.com/v2/\": x509: certificate signed by unknown authority", Private, "abc", RegistryCredential.None);

        Assert.Equal(ErrorCodes.RegistryTlsFailed, error.Code);
        Assert.Contains("/etc/docker/certs.d/registry.example.com/ca.crt", error.Message);
    }

    [Theory]
    [InlineData("Get \"https://registry.example.com/v2/\": dial tcp: lookup registry.example.com on 10.0.0.1:53: no such host")]
    [InlineData("Get \"https://registry.example.com/v2/\": dial tcp 10.1.2.3:443: connect: connection refused")]
    [InlineData("Get \"https://registry.example.com/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)")]
    public void Network_failures_are_unreachable(string message) =>
        Assert.Equal(ErrorCodes.RegistryUnreachable, PushFailure.Describe(message, Private, "abc", RegistryCredential.None).Code);

    [Fact]
    public void A_missing_artifact_registry_repository_says_how_to_create_it()
    {
        var error = PushFailure.Describe("name unknown: Repository \"r\" not found", Google, "abc", RegistryCredential.None);

        Assert.Equal(ErrorCodes.RegistryNameRejected, error.Code);
        Assert.Contains("gcloud artifacts repositories create", error.Message);
    }

    [Fact]
    public void Anything_else_is_CAL2214_with_the_engines_words()
    {
        var error = PushFailure.Describe("blob upload unknown", Private, "abc", RegistryCredential.None);

        Assert.Equal(ErrorCodes.PushFailed, error.Code);
        Assert.Contains("blob upload unknown", error.Message);
        Assert.Contains("registry.example.com/team/mnist:abc", error.Message);
    }
}
