using Caliban.Core.Build;
using Caliban.Core.Images;

namespace Caliban.Core.Tests.Build;

public sealed class ImageLabelsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["a.b"] = "plain", ["quote"] = "say \"hi\" \\ bye\nnext" };

    [Fact]
    public void Labels_take_the_generators_placeholder_before_the_code()
    {
        var dockerfile = $"FROM x\nUSER 1:1\n{DockerfileGenerator.LabelsPlaceholder}\nCOPY --chown=1:1 trainer /usr/app/trainer\n";

        var labelled = ImageLabels.AddTo(dockerfile, Labels);

        Assert.Equal("FROM x\nUSER 1:1\nLABEL \"a.b\"=\"plain\" \"quote\"=\"say \\\"hi\\\" \\\\ bye next\"\nCOPY --chown=1:1 trainer /usr/app/trainer\n", labelled);
    }

    [Fact]
    public void A_users_own_dockerfile_gets_them_at_the_end()
    {
        Assert.Equal("FROM x\nRUN true\nLABEL \"a.b\"=\"plain\"\n", ImageLabels.AddTo("FROM x\nRUN true\n\n", new Dictionary<string, string> { ["a.b"] = "plain" }));
    }
}
