using System.Text;
using System.Text.Json;

namespace Caliban.Emulators.Kubernetes;

/// <summary>Writes a kubeconfig whose one cluster, user and context point at an emulator with a bearer token.</summary>
internal static class KubeconfigWriter
{
    public static string Write(string path, Uri server, string token, string contextName, string? @namespace)
    {
        // JSON string literals are valid YAML scalars, so every value is quoted safely.
        static string Q(string value) => JsonSerializer.Serialize(value);
        var text = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine($"- name: {Q(contextName)}")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {Q(server.GetLeftPart(UriPartial.Authority))}")
            .AppendLine("users:")
            .AppendLine($"- name: {Q(contextName)}")
            .AppendLine("  user:")
            .AppendLine($"    token: {Q(token)}")
            .AppendLine("contexts:")
            .AppendLine($"- name: {Q(contextName)}")
            .AppendLine("  context:")
            .AppendLine($"    cluster: {Q(contextName)}")
            .AppendLine($"    user: {Q(contextName)}");
        if (@namespace is not null)
        {
            text.AppendLine($"    namespace: {Q(@namespace)}");
        }
        text.AppendLine($"current-context: {Q(contextName)}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
