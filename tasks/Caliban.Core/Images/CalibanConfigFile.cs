using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Images;

/// <summary>
/// Reads and strictly validates Caliban's `.calibanconfig.json` (JSON with `#` and `//` comments). Keys Caliban.Sdk
/// doesn't act on are still type-checked, then ignored with one CAL1102 warning each.
/// </summary>
public static class CalibanConfigFile
{
    public const string FileName = ".calibanconfig.json";

    private static readonly string[] TopLevelKeys =
        ["apt_packages", "base_image", "build_time_credentials", "default_mode", "gcloud", "julia_version", "mlflow_config", "uv"];

    private static readonly string[] ModeKeys = ["gpu", "cpu"];
    private static readonly string[] MlflowRequiredKeys = ["project", "region", "db", "user", "password", "artifact_root"];
    private static readonly string[] MlflowKeys = [.. MlflowRequiredKeys, "debug"];
    private static readonly string[] GcloudKeys = ["project_id", "cloud_key"];
    private static readonly string[] UvKeys = ["mlflow"];
    private static readonly string[] UvMlflowKeys = ["pubsub_project", "pubsub_topic"];

    /// <summary>Loads the file at <paramref name="path"/>; a missing file is <see cref="CalibanConfig.Empty"/>.</summary>
    public static CalibanConfig Load(string path, ICalibanLog log)
    {
        if (!File.Exists(path))
        {
            return CalibanConfig.Empty;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibanException(ErrorCodes.CalibanConfigInvalidJson,
                $"{Path.GetFileName(path)} couldn't be read ({e.Message}). Make it readable or delete it.", path, e);
        }

        return Parse(text, path, log);
    }

    /// <summary>Validates the text of a `.calibanconfig.json`; <paramref name="path"/> is only used in messages.</summary>
    internal static CalibanConfig Parse(string text, string path, ICalibanLog log)
    {
        using var document = JsonWithComments.Parse(text, path);
        var shapes = new ConfigShapes(path);
        var config = new CalibanConfig { SourceFile = path };
        var ignored = new List<string>();

        foreach (var property in shapes.Properties(document.RootElement, JsonPaths.Root, "an object of settings", TopLevelKeys))
        {
            var value = property.Value;
            var valuePath = JsonPaths.Property(JsonPaths.Root, property.Name);
            switch (property.Name)
            {
                case "apt_packages":
                    config = WithAptPackages(config, shapes, value, valuePath);
                    break;
                case "base_image":
                    config = WithBaseImage(config, shapes, value, valuePath);
                    break;
                case "default_mode":
                    config = config with { DefaultMode = ParseMode(shapes, value, valuePath) };
                    break;
                default:
                    CheckUnsupported(shapes, property.Name, value, valuePath);
                    ignored.Add(property.Name);
                    break;
            }
        }

        // Warn only once the whole file is known to be valid.
        foreach (var key in ignored)
        {
            log.Warning(ErrorCodes.CalibanConfigKeyIgnored,
                $"{Path.GetFileName(path)}: \"{key}\" is not supported by Caliban.Sdk and is ignored. Remove it to silence this warning.",
                path);
        }

        return config;
    }

    private static CalibanConfig WithAptPackages(CalibanConfig config, ConfigShapes shapes, JsonElement value, string path)
    {
        const string expected = "a list of apt package names or an object {\"gpu\": [...], \"cpu\": [...]}";
        const string expectedList = "a list of apt package names";
        void CheckName(string name, string itemPath)
        {
            if (!AptPackageNames.IsValid(name))
            {
                throw shapes.Invalid($"{itemPath} \"{name}\" is not a valid apt package; it must be {AptPackageNames.Expected}.");
            }
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var packages = shapes.Strings(value, path, expected, AptPackageNames.Expected, CheckName);
            return config with { CpuAptPackages = packages, GpuAptPackages = packages };
        }

        foreach (var mode in shapes.Properties(value, path, expected, ModeKeys))
        {
            var packages = shapes.Strings(mode.Value, JsonPaths.Property(path, mode.Name), expectedList, AptPackageNames.Expected, CheckName);
            config = mode.Name == "gpu" ? config with { GpuAptPackages = packages } : config with { CpuAptPackages = packages };
        }

        return config;
    }

    private static CalibanConfig WithBaseImage(CalibanConfig config, ConfigShapes shapes, JsonElement value, string path)
    {
        const string expected = "an image name string or an object {\"gpu\": \"...\", \"cpu\": \"...\"}";
        const string expectedImage = "an image name such as \"python:3.11-slim\" or \"dlvm:pytorch-{}-1.4\"";
        if (value.ValueKind == JsonValueKind.String)
        {
            var image = shapes.String(value, path, expectedImage, allowEmpty: false).Trim();
            return config with { CpuBaseImage = image, GpuBaseImage = image };
        }

        foreach (var mode in shapes.Properties(value, path, expected, ModeKeys))
        {
            var image = shapes.String(mode.Value, JsonPaths.Property(path, mode.Name), expectedImage, allowEmpty: false).Trim();
            config = mode.Name == "gpu" ? config with { GpuBaseImage = image } : config with { CpuBaseImage = image };
        }

        return config;
    }

    private static JobMode ParseMode(ConfigShapes shapes, JsonElement value, string path)
    {
        const string expected = "\"cpu\" or \"gpu\"";
        return JobModes.TryParse(shapes.String(value, path, expected))
               ?? throw shapes.Invalid($"{path} must be {expected}. Change the value or remove the key.");
    }

    // Keys Caliban.Sdk ignores are still validated, so a file that works here also works with Caliban.
    private static void CheckUnsupported(ConfigShapes shapes, string key, JsonElement value, string path)
    {
        switch (key)
        {
            case "build_time_credentials":
                shapes.Boolean(value, path);
                break;
            case "julia_version":
                shapes.String(value, path, "a Julia version string such as \"1.5.3\"");
                break;
            case "gcloud":
                foreach (var setting in shapes.Properties(value, path, "an object", GcloudKeys))
                {
                    shapes.String(setting.Value, JsonPaths.Property(path, setting.Name), "a non-empty string", allowEmpty: false);
                }

                break;
            case "mlflow_config":
                CheckMlflow(shapes, value, path);
                break;
            case "uv":
                foreach (var section in shapes.Properties(value, path, "an object", UvKeys))
                {
                    var sectionPath = JsonPaths.Property(path, section.Name);
                    foreach (var setting in shapes.Properties(section.Value, sectionPath, "an object", UvMlflowKeys))
                    {
                        shapes.String(setting.Value, JsonPaths.Property(sectionPath, setting.Name), "a string");
                    }
                }

                break;
        }
    }

    private static void CheckMlflow(ConfigShapes shapes, JsonElement value, string path)
    {
        var properties = shapes.Properties(value, path, "an object", MlflowKeys);
        foreach (var setting in properties)
        {
            var settingPath = JsonPaths.Property(path, setting.Name);
            if (setting.Name == "debug")
            {
                shapes.Boolean(setting.Value, settingPath);
            }
            else
            {
                shapes.String(setting.Value, settingPath, "a string");
            }
        }

        var missing = MlflowRequiredKeys.Where(key => properties.All(p => p.Name != key)).ToList();
        if (missing.Count > 0)
        {
            throw shapes.Invalid($"{path} is missing {string.Join(", ", missing.Select(k => $"\"{k}\""))}. " +
                                 $"Add them (it needs {string.Join(", ", MlflowRequiredKeys)}) or remove \"mlflow_config\".");
        }
    }
}
