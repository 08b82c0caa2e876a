using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreGetOrCreateTests
{
    [Fact]
    public void Groups_are_found_again_by_user_and_name()
    {
        using var history = new TempHistory();
        using var store = history.Open();

        var first = store.GetOrCreateGroup("sweep", "alice");
        var again = store.GetOrCreateGroup("sweep", "alice");
        var otherUser = store.GetOrCreateGroup("sweep", "bob");
        var otherName = store.GetOrCreateGroup("baseline", "alice");

        Assert.Equal(first, again);
        Assert.Equal(DateTimeKind.Utc, first.Created.Kind);
        Assert.NotEqual(first.Id, otherUser.Id);
        Assert.NotEqual(first.Id, otherName.Id);
        Assert.Equal(["sweep", "baseline"], store.ListGroups("alice").Select(group => group.Name));
        Assert.Equal(3, store.ListGroups(null).Count);
    }

    [Fact]
    public void Container_specs_match_on_canonical_JSON_and_keep_their_fields()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var input = new ContainerSpecInput
        {
            ImageId = "sha256:abc",
            ImageTag = "caliban/trainer:1",
            ImageDigest = "sha256:def",
            GitCommit = "0123456789abcdef",
            GitDirty = true,
            BaseImage = "python:3.12",
            ProjectDirectory = "/repo/",
            SpecJson = """{ "entryPoint": "trainer.train", "build": { "noCache": false, "extras": ["gpu"] } }""",
        };

        var first = store.GetOrCreateContainerSpec(input);
        var reordered = store.GetOrCreateContainerSpec(StoreSeeds.Spec("sha256:abc", "/repo",
            """{"build":{"extras":["gpu"],"noCache":false},"entryPoint":"trainer.train"}"""));

        Assert.Equal(first, reordered);
        Assert.Equal("""{"build":{"extras":["gpu"],"noCache":false},"entryPoint":"trainer.train"}""", first.SpecJson);
        Assert.Equal("caliban/trainer:1", first.ImageTag);
        Assert.Equal("sha256:def", first.ImageDigest);
        Assert.Equal("0123456789abcdef", first.GitCommit);
        Assert.True(first.GitDirty);
        Assert.Equal("python:3.12", first.BaseImage);
        Assert.Equal("/repo", first.ProjectDirectory);
    }

    [Theory]
    [InlineData("sha256:other", "/repo", """{"entryPoint":"trainer.train"}""")]
    [InlineData("sha256:aaa", "/elsewhere", """{"entryPoint":"trainer.train"}""")]
    [InlineData("sha256:aaa", "/repo", """{"entryPoint":"trainer.eval"}""")]
    public void A_different_image_project_or_spec_is_a_different_container_spec(string imageId, string project, string specJson)
    {
        using var history = new TempHistory();
        using var store = history.Open();

        var baseline = store.GetOrCreateContainerSpec(StoreSeeds.Spec());
        var other = store.GetOrCreateContainerSpec(StoreSeeds.Spec(imageId, project, specJson));

        Assert.NotEqual(baseline.Id, other.Id);
    }

    [Fact]
    public void Container_spec_JSON_must_be_valid()
    {
        using var history = new TempHistory();
        using var store = history.Open();

        Assert.Throws<ArgumentException>(() => store.GetOrCreateContainerSpec(StoreSeeds.Spec(specJson: "{not json")));
    }

    [Fact]
    public void Experiments_are_keyed_by_group_spec_and_exact_arguments()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var group = store.GetOrCreateGroup("sweep", "alice");
        var otherGroup = store.GetOrCreateGroup("other", "alice");
        var spec = store.GetOrCreateContainerSpec(StoreSeeds.Spec());

        var first = store.GetOrCreateExperiment(group.Id, spec.Id, "lr 0.1", ["--lr", "0.1", "--epochs", "3"]);
        var again = store.GetOrCreateExperiment(group.Id, spec.Id, "a later name is ignored", ["--lr", "0.1", "--epochs", "3"]);
        var reordered = store.GetOrCreateExperiment(group.Id, spec.Id, "reordered", ["--epochs", "3", "--lr", "0.1"]);
        var inOtherGroup = store.GetOrCreateExperiment(otherGroup.Id, spec.Id, "lr 0.1", ["--lr", "0.1", "--epochs", "3"]);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("lr 0.1", again.Name);
        Assert.Equal(["--lr", "0.1", "--epochs", "3"], again.Arguments);
        Assert.NotEqual(first.Id, reordered.Id);
        Assert.NotEqual(first.Id, inOtherGroup.Id);
    }

    [Fact]
    public void Arguments_are_stored_as_a_readable_JSON_array()
    {
        using var history = new TempHistory();
        using (var store = history.Open())
        {
            store.Experiment("g", "alice", "--name", "naïve \"run\"", "--lr=0.1");
        }

        Assert.Equal("""["--name","naïve \"run\"","--lr=0.1"]""", history.Scalar("SELECT arguments_json FROM caliban_experiments"));
    }

    [Fact]
    public void An_experiment_without_arguments_is_one_experiment()
    {
        using var history = new TempHistory();
        using var store = history.Open();

        var first = store.Experiment("g", "alice");
        var again = store.Experiment("g", "alice");

        Assert.Equal(first.Id, again.Id);
        Assert.Empty(again.Arguments);
    }
}
