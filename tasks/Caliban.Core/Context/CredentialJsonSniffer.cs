using System.Text.Json;

namespace Caliban.Core.Context;

/// <summary>Recognises Google credential files by content: a small JSON object with a credential "type" or a "private_key".</summary>
internal static class CredentialJsonSniffer
{
    /// <summary>Key files are a few KiB; larger JSON (datasets, annotations) is never read.</summary>
    public const long MaxLength = 1024 * 1024;

    private static readonly string[] CredentialTypes =
    [
        "service_account", "authorized_user", "external_account", "external_account_authorized_user",
        "impersonated_service_account", "gdch_service_account",
    ];

    public static bool IsCandidate(ContextFile file) =>
        file.Length is > 0 and < MaxLength && file.RelativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static bool LooksLikeCredential(ContextFile file)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ContextErrors.Unreadable(file.RelativePath, file.FullPath, e);
        }

        return LooksLikeCredential(content);
    }

    public static bool LooksLikeCredential(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            // Only top-level members count; nested values are skipped whole.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("private_key"u8))
                {
                    return true;
                }

                bool isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String && IsCredentialType(reader))
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: an ordinary file.
        }

        return false;
    }

    private static bool IsCredentialType(Utf8JsonReader reader)
    {
        foreach (var type in CredentialTypes)
        {
            if (reader.ValueTextEquals(type))
            {
                return true;
            }
        }

        return false;
    }
}
