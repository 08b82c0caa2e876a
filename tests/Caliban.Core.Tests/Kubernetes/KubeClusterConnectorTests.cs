using Caliban.Core.Diagnostics;
using Caliban.Core.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class KubeClusterConnectorTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("caliban-kube-");

    public void Dispose() => _home.Delete(recursive: true);

    private string Write(string name, string currentContext = "dev", string devNamespace = "research")
    {
        var path = Path.Combine(_home.FullName, name);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {currentContext}
            clusters:
            - name: dev-cluster
              cluster: {"{"} server: "http://127.0.0.1:6443" {"}"}
            - name: prod-cluster
              cluster: {"{"} server: "https://10.0.0.1" {"}"}
            contexts:
            - name: dev
              context: {"{"} cluster: dev-cluster, user: dev-user, namespace: {devNamespace} {"}"}
            - name: prod
              context: {"{"} cluster: prod-cluster, user: dev-user {"}"}
            users:
            - name: dev-user
              user: {"{"} token: secret-token-value {"}"}
            """);
        return path;
    }

    private KubeCluster Connect(KubeClusterOptions options, string? kubeconfigVariable = null, bool inCluster = false) =>
        KubeClusterConnector.Connect(options, name => name switch
        {
            "KUBECONFIG" => kubeconfigVariable,
            "HOME" => _home.FullName,
            _ => null,
        }, () => inCluster);

    [Fact]
    public void The_current_context_and_its_namespace_are_the_defaults()
    {
        using var cluster = Connect(new KubeClusterOptions { KubeConfig = Write("config") });
        Assert.Equal("dev", cluster.Context);
        Assert.Equal("research", cluster.Namespace);
        Assert.Equal("http://127.0.0.1:6443", cluster.Server);
    }

    [Fact]
    public void Context_and_namespace_properties_win_and_a_context_without_namespace_means_default()
    {
        var path = Write("config");
        using var prod = Connect(new KubeClusterOptions { KubeConfig = path, Context = "prod" });
        Assert.Equal("default", prod.Namespace);
        Assert.Equal("https://10.0.0.1", prod.Server);
        using var chosen = Connect(new KubeClusterOptions { KubeConfig = path, Namespace = "team-a" });
        Assert.Equal("team-a", chosen.Namespace);
    }

    [Fact]
    public void KUBECONFIG_is_read_and_then_the_home_kube_config()
    {
        using var fromVariable = Connect(new KubeClusterOptions(), kubeconfigVariable: $"/no/such/file{Path.PathSeparator}{Write("other")}");
        Assert.Equal("dev", fromVariable.Context);
        Assert.Contains("other", fromVariable.KubeConfig);

        Directory.CreateDirectory(Path.Combine(_home.FullName, ".kube"));
        Write(".kube/config", currentContext: "prod");
        using var fromHome = Connect(new KubeClusterOptions());
        Assert.Equal("prod", fromHome.Context);
    }

    [Fact]
    public void Several_kubeconfigs_merge_with_the_first_winning()
    {
        var first = Write("first", currentContext: "prod");
        var second = Write("second", currentContext: "dev");
        using var cluster = Connect(new KubeClusterOptions { KubeConfig = $"{first}{Path.PathSeparator}{second}" });
        Assert.Equal("prod", cluster.Context);
    }

    [Fact]
    public void An_unknown_context_lists_the_known_ones()
    {
        var error = Assert.Throws<CalibanException>(() => Connect(new KubeClusterOptions { KubeConfig = Write("config"), Context = "staging" }));
        Assert.Equal(ErrorCodes.KubeContextUnknown, error.Code);
        Assert.Contains("CalibanKubeContext 'staging'", error.Message);
        Assert.Contains("dev, prod", error.Message);
    }

    [Fact]
    public void No_kubeconfig_anywhere_and_not_in_a_pod_says_how_to_get_one()
    {
        var error = Assert.Throws<CalibanException>(() => Connect(new KubeClusterOptions()));
        Assert.Equal(ErrorCodes.KubeConfigNotFound, error.Code);
        Assert.Contains("CalibanKubeConfig", error.Message);
        Assert.Contains("get-credentials", error.Message);
    }

    [Fact]
    public void A_missing_explicit_kubeconfig_names_the_path()
    {
        var error = Assert.Throws<CalibanException>(() => Connect(new KubeClusterOptions { KubeConfig = "/no/such/kubeconfig" }));
        Assert.Equal(ErrorCodes.KubeConfigNotFound, error.Code);
        Assert.Contains("/no/such/kubeconfig", error.Message);
    }

    [Fact]
    public void An_unreadable_kubeconfig_is_a_coded_error_without_its_secrets()
    {
        var path = Path.Combine(_home.FullName, "broken");
        File.WriteAllText(path, "apiVersion: v1\nusers: [ { name: x, user: { token: secret-token-value } \n");
        var error = Assert.Throws<CalibanException>(() => Connect(new KubeClusterOptions { KubeConfig = path }));
        Assert.Equal(ErrorCodes.KubeConfigInvalid, error.Code);
        Assert.DoesNotContain("secret-token-value", error.Message);
    }

    [Fact]
    public void A_context_naming_a_missing_cluster_is_a_coded_error()
    {
        var path = Path.Combine(_home.FullName, "dangling");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            current-context: lost
            contexts:
            - name: lost
              context: { cluster: nowhere, user: nobody }
            """);
        var error = Assert.Throws<CalibanException>(() => Connect(new KubeClusterOptions { KubeConfig = path }));
        Assert.Equal(ErrorCodes.KubeConfigInvalid, error.Code);
        Assert.Contains("lost", error.Message);
    }
}
