using System.Text;
using Caliban.Core.Context;

namespace Caliban.Core.Tests.Context;

public sealed class CredentialJsonSnifferTests
{
    [Theory]
    [InlineData("""{"type": "service_account", "private_key_id": "k"}""", true)]
    [InlineData("""{"type": "authorized_user"}""", true)]
    [InlineData("""{"type": "external_account", "audience": "a"}""", true)]
    [InlineData("""{"a": {"deep": [1, 2]}, "private_key": "-----BEGIN"}""", true)]
    [InlineData("\uFEFF{\"type\": \"service_account\"}", true)]
    [InlineData("""{ /* exported by gcloud */ "type": "service_account", }""", true)]
    [InlineData("""{"ty\u0070e": "service_account"}""", true)]
    [InlineData("""{"type": "dataset"}""", false)]
    [InlineData("""{"meta": {"type": "service_account", "private_key": "x"}}""", false)]
    [InlineData("""{"type": ["service_account"]}""", false)]
    [InlineData("""["service_account"]""", false)]
    [InlineData("""{"type": "service_account" """, true)]
    [InlineData("""{"lr": 0.1, """, false)]
    [InlineData("private_key", false)]
    [InlineData("", false)]
    public void RecognisesGoogleCredentialObjects(string json, bool isCredential)
    {
        Assert.Equal(isCredential, CredentialJsonSniffer.LooksLikeCredential(Encoding.UTF8.GetBytes(json)));
    }
}
