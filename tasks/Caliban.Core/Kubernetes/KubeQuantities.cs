using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Kubernetes;

/// <summary>Checks CPU and memory amounts before they reach the server: `1500m` or `2` CPUs, `7000M` or `8Gi` of memory.</summary>
public static partial class KubeQuantities
{
    public static string Cpu(string? value, string fallback) => Check(value, fallback, "CalibanMinCpu", "1500m (1.5 CPUs) or 2");

    public static string Memory(string? value, string fallback) => Check(value, fallback, "CalibanMinMemory", "7000M or 8Gi");

    private static string Check(string? value, string fallback, string property, string examples)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var text = value.Trim();
        if (Quantity().IsMatch(text) && text.Any(c => c is >= '1' and <= '9')) return text;
        throw new CalibanException(ErrorCodes.KubeResourceInvalid,
            $"{property} is '{value}', which is not a Kubernetes quantity. Write a positive number with an optional suffix (m, k, M, G, T, Ki, Mi, Gi, Ti), e.g. {examples}.");
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")]
    private static partial Regex Quantity();
}
