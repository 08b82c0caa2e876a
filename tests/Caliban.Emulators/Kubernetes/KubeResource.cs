namespace Caliban.Emulators.Kubernetes;

/// <summary>A resource type the emulator serves, named as the server names it in messages and Status details.</summary>
internal sealed record KubeResource(string Group, string Version, string Plural, string Kind)
{
    public static readonly KubeResource Jobs = new("batch", "v1", "jobs", "Job");
    public static readonly KubeResource Pods = new("", "v1", "pods", "Pod");
    public static readonly KubeResource Namespaces = new("", "v1", "namespaces", "Namespace");

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
