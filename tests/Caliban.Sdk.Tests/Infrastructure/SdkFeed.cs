namespace Caliban.Sdk.Tests.Infrastructure;

/// <summary>The packed SDK and template every end-to-end test builds against. One instance serves the "sdk" collection.</summary>
public sealed class SdkFeed : PackedFeed
{
    public string SdkPackage => Package("Caliban.Sdk");
    public string TemplatesPackage => Package("Caliban.Templates");
}

/// <summary>Every end-to-end test shares one feed and runs one at a time: they all drive the same engine.</summary>
[CollectionDefinition("sdk")]
public sealed class SdkCollection : ICollectionFixture<SdkFeed>;
