namespace Caliban.Cli.Tests;

public sealed class ProjectLayoutTests
{
    [Fact]
    public void EmulatorAssemblyLoads() => Assert.NotNull(typeof(Caliban.Emulators.EmulatorInfo).Assembly);
}
