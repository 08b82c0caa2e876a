using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public class LinuxUserNamesTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Alice Smith", "alice_smith")]
    [InlineData("CORP\\jdoe", "corp_jdoe")]
    [InlineData("_svc-build", "_svc-build")]
    [InlineData("1st-user", "st-user")]
    [InlineData("-x", "x")]
    [InlineData("123", "caliban")]
    [InlineData("", "caliban")]
    [InlineData(null, "caliban")]
    [InlineData("___", "caliban")]
    [InlineData("Jörg", "j_rg")]
    [InlineData("a234567890123456789012345678901234567890", "a2345678901234567890123456789012")]
    public void SanitizesToUseraddsAlphabet(string? name, string expected)
    {
        Assert.Equal(expected, LinuxUserNames.Sanitize(name));
    }
}

public class HostAccountTests
{
    [Fact]
    public void ReportsTheEffectiveIdsOfThisProcess()
    {
        var (uid, gid, name) = HostAccount.HostUser();

        Assert.Equal(Environment.UserName, name);
        if (OperatingSystem.IsWindows())
        {
            Assert.Equal((1000, 1000), (uid, gid));
        }
        else
        {
            // `id -u` isn't available from managed code; the process's own /proc status is on Linux.
            Assert.True(uid >= 0 && gid >= 0);
            if (File.Exists("/proc/self/status"))
            {
                var status = File.ReadAllLines("/proc/self/status");
                int Effective(string field) => int.Parse(status.Single(l => l.StartsWith(field, StringComparison.Ordinal)).Split('\t')[2]);
                Assert.Equal(Effective("Uid:"), uid);
                Assert.Equal(Effective("Gid:"), gid);
            }
        }
    }
}
