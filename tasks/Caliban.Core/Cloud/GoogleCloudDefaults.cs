using System.Collections;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Cloud;

/// <summary>A setting and where it came from (for logs and errors), e.g. ("my-project", "CLOUDSDK_CORE_PROJECT").</summary>
public sealed record ResolvedSetting(string Value, string Source);

/// <summary>
/// Where the Google Cloud project and the Vertex AI region come from when the properties leave them empty:
/// project = CalibanCloudProject → CLOUDSDK_CORE_PROJECT → GOOGLE_CLOUD_PROJECT → PROJECT_ID (Caliban's) → gcloud
/// <c>core/project</c>; region = CalibanCloudRegion → CLOUDSDK_AI_REGION → CLOUDSDK_COMPUTE_REGION → REGION (Caliban's)
/// → gcloud <c>ai/region</c> → gcloud <c>compute/region</c> → us-central1. Environment and home folder are given, so
/// tests never read the machine's own gcloud setup.
/// </summary>
public sealed partial class GoogleCloudDefaults(IReadOnlyDictionary<string, string?> environment, string? homeDirectory)
{
    public const string DefaultRegion = "us-central1";

    private static readonly string[] ProjectVariables = ["CLOUDSDK_CORE_PROJECT", "GOOGLE_CLOUD_PROJECT", "PROJECT_ID"];
    private static readonly string[] RegionVariables = ["CLOUDSDK_AI_REGION", "CLOUDSDK_COMPUTE_REGION", "REGION"];

    private GcloudConfig? _gcloud;

    /// <summary>The process's environment and the user's home folder.</summary>
    public static GoogleCloudDefaults FromProcess()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables()) environment[(string)entry.Key] = entry.Value as string;
        return new GoogleCloudDefaults(environment, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
    }

    /// <summary>gcloud's active configuration, read once, on first need.</summary>
    public GcloudConfig Gcloud => _gcloud ??= GcloudConfig.Load(environment, homeDirectory);

    /// <summary>The project, checked for shape (CAL4102); CAL4101 when no source gives one.</summary>
    public ResolvedSetting ResolveProject(string? property, string propertyName = "CalibanCloudProject")
    {
        var found = Resolve(property, propertyName, ProjectVariables, [("core", "project")]) ?? throw new CalibanException(
            ErrorCodes.CloudProjectMissing,
            $"No Google Cloud project is set. Set the property {propertyName} (e.g. -p:{propertyName}=my-project), the " +
            "environment variable CLOUDSDK_CORE_PROJECT or GOOGLE_CLOUD_PROJECT, or run `gcloud config set project my-project`.");
        if (!ProjectPattern().IsMatch(found.Value))
        {
            throw new CalibanException(ErrorCodes.CloudProjectInvalid,
                $"The project '{found.Value}' (from {found.Source}) is not a Google Cloud project id: 6 to 30 lower-case " +
                "letters, digits and hyphens, starting with a letter (optionally 'example.com:' in front), or a project number.");
        }
        return found;
    }

    /// <summary>The region, checked for shape (CAL4103); us-central1 when no source gives one.</summary>
    public ResolvedSetting ResolveRegion(string? property, string propertyName = "CalibanCloudRegion")
    {
        var found = Resolve(property, propertyName, RegionVariables, [("ai", "region"), ("compute", "region")])
                    ?? new ResolvedSetting(DefaultRegion, "the default");
        if (!RegionPattern().IsMatch(found.Value))
        {
            throw new CalibanException(ErrorCodes.CloudRegionInvalid,
                $"The region '{found.Value}' (from {found.Source}) is not a region name like us-central1 or europe-west4. " +
                $"Vertex AI trains in regions, not zones (drop a '-a' suffix) and not in 'global'. Set {propertyName}.");
        }
        return found;
    }

    private ResolvedSetting? Resolve(string? property, string propertyName, string[] variables, (string Section, string Key)[] gcloudKeys)
    {
        if (!string.IsNullOrWhiteSpace(property)) return new ResolvedSetting(property.Trim(), $"the property {propertyName}");
        foreach (var variable in variables)
        {
            if (GcloudConfig.Value(environment, variable) is { } value) return new ResolvedSetting(value, $"the environment variable {variable}");
        }
        foreach (var (section, key) in gcloudKeys)
        {
            if (Gcloud.Get(section, key) is { } value) return new ResolvedSetting(value, $"gcloud's {section}/{key} in {Gcloud.Path}");
        }
        return null;
    }

    [GeneratedRegex(@"^(?:(?:[a-z0-9-]+\.)+[a-z]{2,}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}$")]
    private static partial Regex ProjectPattern();

    [GeneratedRegex(@"^[a-z]+-[a-z]+[0-9]+$")]
    private static partial Regex RegionPattern();
}
