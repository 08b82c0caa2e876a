using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreLocationTests
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [Fact]
    public void An_explicit_path_wins_over_CALIBAN_DB()
    {
        var location = JobStoreLocation.Resolve("/data/history.db", _ => "/env/caliban.db");

        Assert.Equal("/data/history.db", location.Path);
    }

    [Fact]
    public void CALIBAN_DB_wins_over_the_default()
    {
        var location = JobStoreLocation.Resolve(null, name => name == "CALIBAN_DB" ? "/env/caliban.db" : null);

        Assert.Equal("/env/caliban.db", location.Path);
        Assert.Contains("CALIBAN_DB", location.Source);
    }

    [Fact]
    public void The_default_is_in_the_home_folder()
    {
        var location = JobStoreLocation.Resolve(null, _ => null);

        Assert.Equal(Path.Combine(Home, ".caliban", "caliban.db"), location.Path);
    }

    [Fact]
    public void Relative_and_tilde_paths_become_absolute()
    {
        Assert.Equal(Path.Combine(Home, "h", "c.db"), JobStoreLocation.Resolve(null, _ => "~/h/c.db").Path);
        Assert.Equal(Path.GetFullPath("rel/c.db"), JobStoreLocation.Resolve("rel/c.db", _ => null).Path);
    }

    [Fact]
    public void Opening_creates_the_missing_folders()
    {
        using var history = new TempHistory();
        var path = Path.Combine(history.Folder, "a", "b", "caliban.db");

        using var store = TempHistory.Open(path);

        Assert.Equal(path, store.Path);
        Assert.True(File.Exists(path));
    }
}
