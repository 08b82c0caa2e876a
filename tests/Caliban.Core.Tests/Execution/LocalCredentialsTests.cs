using Caliban.Core.Execution;

namespace Caliban.Core.Tests.Execution;

public sealed class LocalCredentialsTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("caliban-home-").FullName;

    [Fact]
    public void Nothing_is_mounted_without_credentials()
    {
        var credentials = LocalCredentials.Find(new Dictionary<string, string?>(), home);

        Assert.Empty(credentials.Mounts);
        Assert.Empty(credentials.Environment);
    }

    [Fact]
    public void The_gcloud_application_default_credentials_are_mounted_read_only_where_they_are()
    {
        var adc = WriteFile(".config/gcloud/application_default_credentials.json");

        var credentials = LocalCredentials.Find(new Dictionary<string, string?>(), home);

        Assert.Equal([new BindMount(adc, "/var/secrets/caliban/google-credentials.json", ReadOnly: true)], credentials.Mounts);
        Assert.Equal("/var/secrets/caliban/google-credentials.json", credentials.Environment["GOOGLE_APPLICATION_CREDENTIALS"]);
    }

    [Fact]
    public void GOOGLE_APPLICATION_CREDENTIALS_wins_over_gcloud_and_may_start_with_a_tilde()
    {
        WriteFile(".config/gcloud/application_default_credentials.json");
        var key = WriteFile("keys/service-account.json");

        var credentials = LocalCredentials.Find(new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = "~/keys/service-account.json" }, home);

        Assert.Equal(key, Assert.Single(credentials.Mounts).Source);
    }

    [Fact]
    public void A_GOOGLE_APPLICATION_CREDENTIALS_naming_no_file_falls_back_to_gcloud()
    {
        var adc = WriteFile(".config/gcloud/application_default_credentials.json");

        var credentials = LocalCredentials.Find(new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = Path.Combine(home, "gone.json") }, home);

        Assert.Equal(adc, Assert.Single(credentials.Mounts).Source);
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    private string WriteFile(string relativePath)
    {
        var path = Path.Combine(home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"type\": \"authorized_user\"}");
        return path;
    }
}
