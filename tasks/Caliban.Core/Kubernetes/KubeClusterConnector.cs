using Caliban.Core.Diagnostics;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Finds the cluster to talk to, as kubectl does: CalibanKubeConfig, else every file KUBECONFIG lists, else
/// ~/.kube/config, else the pod's in-cluster account. A kubeconfig `exec` user (gke-gcloud-auth-plugin) is run by
/// KubernetesClient when a token is needed; static tokens and client certificates work as they are.
/// </summary>
public static class KubeClusterConnector
{
    public static KubeCluster Connect(KubeClusterOptions options) =>
        Connect(options, Environment.GetEnvironmentVariable, KubernetesClientConfiguration.IsInCluster);

    internal static KubeCluster Connect(KubeClusterOptions options, Func<string, string?> environment, Func<bool> isInCluster)
    {
        var files = KubeConfigFiles(options.KubeConfig, environment);
        if (files.Count == 0)
        {
            if (isInCluster()) return InCluster(options);
            throw new CalibanException(ErrorCodes.KubeConfigNotFound, NoKubeConfigMessage(options.KubeConfig, environment));
        }

        var config = Load(files);
        var contextName = Trimmed(options.Context) ?? Trimmed(config.CurrentContext);
        var contexts = (config.Contexts ?? []).Select(context => context.Name).ToArray();
        var source = string.Join(':', files.Select(file => file.FullName));
        if (contextName is null)
            throw new CalibanException(ErrorCodes.KubeContextUnknown,
                $"The kubeconfig {source} has no current context and CalibanKubeContext is not set. Set CalibanKubeContext to one of: {List(contexts)}.");
        if (!contexts.Contains(contextName, StringComparer.Ordinal))
            throw new CalibanException(ErrorCodes.KubeContextUnknown,
                $"CalibanKubeContext '{contextName}' is not in the kubeconfig {source}. Its contexts are: {List(contexts)}. Set CalibanKubeContext to one of them (or `kubectl config use-context`).",
                options.Context is null ? files[0].FullName : null);

        KubernetesClientConfiguration client;
        try
        {
            client = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName);
        }
        catch (KubeConfigException error)
        {
            throw new CalibanException(ErrorCodes.KubeConfigInvalid,
                $"Context '{contextName}' of the kubeconfig {source} cannot be used: {error.Message} Fix the kubeconfig (its cluster and user entries) or choose another CalibanKubeContext.",
                files[0].FullName, error);
        }
        var ns = Trimmed(options.Namespace) ?? Trimmed(client.Namespace) ?? "default";
        return Create(client, options, contextName, ns, source);
    }

    /// <summary>The kubeconfig files to read, in kubectl's order; empty when there is none at all.</summary>
    internal static IReadOnlyList<FileInfo> KubeConfigFiles(string? explicitPath, Func<string, string?> environment)
    {
        if (Trimmed(explicitPath) is { } paths)
        {
            // One path, or several separated like KUBECONFIG's (as the job history records them).
            var files = paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(path => new FileInfo(Path.GetFullPath(path))).ToArray();
            return files.FirstOrDefault(file => !file.Exists) is { } missing
                ? throw new CalibanException(ErrorCodes.KubeConfigNotFound,
                    $"CalibanKubeConfig names {missing.FullName}, which does not exist. Fix the path, or leave CalibanKubeConfig empty to use KUBECONFIG or ~/.kube/config.")
                : files;
        }
        if (Trimmed(environment("KUBECONFIG")) is { } list)
        {
            // Like kubectl: every listed file that exists is merged; the first one wins for each name.
            var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(entry => new FileInfo(Path.GetFullPath(entry))).Where(file => file.Exists).ToArray();
            if (files.Length > 0) return files;
        }
        var home = Trimmed(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var fallback = new FileInfo(Path.Combine(home, ".kube", "config"));
        return fallback.Exists ? [fallback] : [];
    }

    private static K8SConfiguration Load(IReadOnlyList<FileInfo> files)
    {
        try
        {
            var configs = files.Select(file => KubernetesClientConfiguration.LoadKubeConfig(file, useRelativePaths: true)).ToArray();
            return configs.Length == 1 ? configs[0] : Merge(configs);
        }
        catch (Exception error) when (error is KubeConfigException or IOException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            throw new CalibanException(ErrorCodes.KubeConfigInvalid,
                $"The kubeconfig {string.Join(':', files.Select(file => file.FullName))} cannot be read: {error.Message} Fix the file (`kubectl config view` shows what kubectl reads) or point CalibanKubeConfig at another one.",
                files[0].FullName, error);
        }
    }

    /// <summary>kubectl's merge of several kubeconfigs: the first file that names a context, cluster or user wins.</summary>
    private static K8SConfiguration Merge(IReadOnlyList<K8SConfiguration> configs) => new()
    {
        ApiVersion = "v1",
        Kind = "Config",
        CurrentContext = configs.Select(config => config.CurrentContext).FirstOrDefault(name => !string.IsNullOrEmpty(name)),
        Contexts = configs.SelectMany(config => config.Contexts ?? []).DistinctBy(context => context.Name).ToList(),
        Clusters = configs.SelectMany(config => config.Clusters ?? []).DistinctBy(cluster => cluster.Name).ToList(),
        Users = configs.SelectMany(config => config.Users ?? []).DistinctBy(user => user.Name).ToList(),
    };

    private static KubeCluster InCluster(KubeClusterOptions options)
    {
        KubernetesClientConfiguration client;
        try
        {
            client = KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception error) when (error is KubeConfigException or IOException)
        {
            throw new CalibanException(ErrorCodes.KubeConfigInvalid,
                $"Running inside a pod, but its service-account files cannot be read: {error.Message} Mount the service-account token, or set CalibanKubeConfig.", inner: error);
        }
        var ns = Trimmed(options.Namespace) ?? Trimmed(client.Namespace) ?? "default";
        return Create(client, options, contextName: null, ns, source: null);
    }

    private static KubeCluster Create(KubernetesClientConfiguration client, KubeClusterOptions options, string? contextName, string ns, string? source)
    {
        client.HttpClientTimeout = options.RequestTimeout;
        return new KubeCluster
        {
            Client = new k8s.Kubernetes(client),
            Server = client.Host.TrimEnd('/'),
            Context = contextName,
            Namespace = ns,
            KubeConfig = source,
        };
    }

    private static string NoKubeConfigMessage(string? explicitPath, Func<string, string?> environment)
    {
        var kubeconfig = Trimmed(environment("KUBECONFIG"));
        var looked = kubeconfig is null ? "KUBECONFIG is not set and ~/.kube/config does not exist" : $"none of the files KUBECONFIG lists ({kubeconfig}) exists, nor ~/.kube/config";
        return $"No Kubernetes cluster is configured: CalibanKubeConfig is not set, {looked}, and this is not a pod. " +
               "Set CalibanKubeConfig to a kubeconfig file (for GKE: `gcloud container clusters get-credentials NAME` writes ~/.kube/config).";
    }

    private static string List(IReadOnlyCollection<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
