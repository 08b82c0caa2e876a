using Caliban.Core.Diagnostics;
using Caliban.Core.Google;

namespace Caliban.Core.Tests.Vertex;

/// <summary>
/// Where tokens come from. These tests never let the code reach Google's own discovery (which probes the metadata
/// server) nor a token endpoint: each one ends at the environment token or at a file error.
/// </summary>
public sealed class GoogleAccessTokensTests : IDisposable
{
    private const string FakePrivateKey = "-----BEGIN PRIVATE KEY-----\nTUlJQ2Vlcm5vdGFrZXk=\n-----END PRIVATE KEY-----\n";
    private readonly string folder = Directory.CreateTempSubdirectory("caliban-google-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task The_environment_token_comes_first_even_before_a_key_file()
    {
        var tokens = GoogleAccessTokens.Create(Path.Combine(folder, "missing.json"), Environment(("CALIBAN_GOOGLE_ACCESS_TOKEN", " ya29.secret \n")));

        Assert.Equal("CALIBAN_GOOGLE_ACCESS_TOKEN", tokens.Description);
        Assert.Equal("ya29.secret", await tokens.GetAccessTokenAsync(CancellationToken.None));
        Assert.DoesNotContain("ya29", tokens.Description);
    }

    [Fact]
    public void A_missing_key_file_names_the_property_and_the_path()
    {
        var path = Path.Combine(folder, "key.json");

        var error = Assert.Throws<CalibanException>(() => GoogleAccessTokens.Create(path, Environment()));

        Assert.Equal(ErrorCodes.GoogleKeyFileNotFound, error.Code);
        Assert.Contains("CalibanCloudKeyFile", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(path, error.File);
    }

    [Fact]
    public void A_folder_given_as_key_file_is_reported_as_such()
    {
        var error = Assert.Throws<CalibanException>(() => GoogleAccessTokens.Create(folder, Environment()));

        Assert.Equal(ErrorCodes.GoogleKeyFileNotFound, error.Code);
        Assert.Contains("it is a folder", error.Message);
    }

    [Theory]
    [InlineData("{\"type\": \"service_account\", \"private_key\": ", "not valid JSON")]
    [InlineData("[1, 2]", "has no \"type\"")]
    [InlineData("{\"client_email\": \"a@b\"}", "has no \"type\"")]
    [InlineData("{\"type\": \"carrier_pigeon\"}", "Unrecognized credential type carrier_pigeon")]
    [InlineData("{\"type\": \"authorized_user\", \"client_id\": \"c\"}", "not represent a valid user credential")]
    public void A_key_file_that_cannot_be_used_says_why_and_names_the_property(string content, string why)
    {
        var path = Write("key.json", content);

        var error = Assert.Throws<CalibanException>(() => GoogleAccessTokens.Create(path, Environment()));

        Assert.Equal(ErrorCodes.GoogleKeyFileInvalid, error.Code);
        Assert.Contains("CalibanCloudKeyFile", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void A_service_account_key_with_a_broken_private_key_is_refused_without_quoting_it()
    {
        var path = Write("sa.json", $$"""
            {"type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com", "private_key_id": "k1",
             "private_key": "{{FakePrivateKey.Replace("\n", "\\n")}}", "token_uri": "https://oauth2.googleapis.com/token"}
            """);

        var error = Assert.Throws<CalibanException>(() => GoogleAccessTokens.Create(path, Environment()));

        Assert.Equal(ErrorCodes.GoogleKeyFileInvalid, error.Code);
        Assert.DoesNotContain("TUlJQ2Vlcm5vdGFrZXk", error.ToString());
        Assert.DoesNotContain("TUlJQ2Vlcm5vdGFrZXk", error.Message);
    }

    [Fact]
    public async Task Application_default_credentials_are_looked_up_only_when_a_token_is_needed()
    {
        var missing = Path.Combine(folder, "adc.json");

        var tokens = GoogleAccessTokens.Create(null, Environment(("GOOGLE_APPLICATION_CREDENTIALS", missing)));
        Assert.Equal("Application Default Credentials", tokens.Description);
        var error = await Assert.ThrowsAsync<CalibanException>(() => tokens.GetAccessTokenAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.GoogleKeyFileNotFound, error.Code);
        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task Gclouds_application_default_file_is_found_in_its_config_folder()
    {
        Write("application_default_credentials.json", "{\"type\": \"authorized_user\"}");

        var tokens = GoogleAccessTokens.Create("  ", Environment(("CLOUDSDK_CONFIG", folder), ("CALIBAN_GOOGLE_ACCESS_TOKEN", "  ")));
        var error = await Assert.ThrowsAsync<CalibanException>(() => tokens.GetAccessTokenAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.GoogleKeyFileInvalid, error.Code);
        Assert.Contains(Path.Combine(folder, "application_default_credentials.json"), error.Message);
        Assert.Contains("gcloud's application default credentials", error.Message);
        Assert.Contains("Run `gcloud auth application-default login` to write it again", error.Message);
    }
}
