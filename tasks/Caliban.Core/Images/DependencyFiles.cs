namespace Caliban.Core.Images;

/// <summary>Which Python dependency manifests sit at the top of the project directory.</summary>
public sealed record DependencyFiles(bool RequirementsTxt, bool SetupPy, bool PyprojectToml, bool EnvironmentYml)
{
    public const string RequirementsTxtName = "requirements.txt";
    public const string SetupPyName = "setup.py";
    public const string EnvironmentYmlName = "environment.yml";

    /// <summary>No manifests: the image gets no dependency layers.</summary>
    public static DependencyFiles None { get; } = new(false, false, false, false);

    public static DependencyFiles Detect(string projectDirectory)
    {
        bool Has(string name) => File.Exists(Path.Combine(projectDirectory, name));
        return new DependencyFiles(Has(RequirementsTxtName), Has(SetupPyName), Has(PyprojectRequirements.FileName), Has(EnvironmentYmlName));
    }
}
