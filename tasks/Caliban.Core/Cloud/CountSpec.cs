using System.Globalization;

namespace Caliban.Core.Cloud;

/// <summary>Caliban's <c>COUNTxTYPE</c> accelerator form (<c>2xV100</c>, <c>8xV3</c>), split before the type is looked up.</summary>
internal static class CountSpec
{
    /// <summary>The positive count and the type's name, or false when <paramref name="text"/> is not COUNTxTYPE.</summary>
    public static bool TrySplit(string text, out int count, out string name)
    {
        var trimmed = text.Trim();
        var separator = trimmed.IndexOf('x', StringComparison.OrdinalIgnoreCase);
        name = separator > 0 ? trimmed[(separator + 1)..] : "";
        count = 0;
        return separator > 0
               && int.TryParse(trimmed[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out count)
               && count > 0;
    }
}
