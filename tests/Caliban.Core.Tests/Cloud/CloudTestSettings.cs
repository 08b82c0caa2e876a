using Caliban.Core.Cloud;

namespace Caliban.Core.Tests.Cloud;

/// <summary>Parses settings without touching the machine's environment or gcloud config.</summary>
internal static class CloudTestSettings
{
    public static readonly GoogleCloudDefaults NoDefaults = new(new Dictionary<string, string?>(), homeDirectory: null);

    public static VertexJobSettingsInput Input => new() { Project = "my-project", User = "alice" };

    public static VertexJobSettings Parse(VertexJobSettingsInput input) => VertexJobSettings.Parse(input, NoDefaults);

    public static VertexJobSettings Parse(Func<VertexJobSettingsInput, VertexJobSettingsInput> change) => Parse(change(Input));
}
