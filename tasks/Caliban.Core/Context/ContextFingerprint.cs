using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;

namespace Caliban.Core.Context;

/// <summary>
/// A SHA-256 over everything that makes an image: each context file's path, content and executable bit, and the other
/// inputs (Dockerfile text, base image, build args...). Content-based, so stable across runs and machines.
/// </summary>
public static class ContextFingerprint
{
    private const string FormatTag = "caliban-context-fingerprint/1";

    /// <summary>The lowercase hex fingerprint; unchanged files are not read again thanks to <paramref name="cache"/>.</summary>
    public static string Compute(IReadOnlyList<ContextFile> files, FileHashCache cache, IEnumerable<KeyValuePair<string, string>> otherInputs)
    {
        var ordered = files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToArray();
        var contentHashes = HashAll(ordered, cache);

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(sha256, FormatTag);
        for (int i = 0; i < ordered.Length; i++)
        {
            AppendField(sha256, "file");
            AppendField(sha256, ordered[i].RelativePath);
            AppendField(sha256, contentHashes[i]);
            AppendField(sha256, ordered[i].IsExecutable ? "755" : "644");
        }

        foreach (var input in otherInputs.OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal))
        {
            AppendField(sha256, "input");
            AppendField(sha256, input.Key);
            AppendField(sha256, input.Value);
        }

        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    // Files not in the cache are read in parallel: on a cold cache hashing hundreds of MB is the slow part.
    private static string[] HashAll(ContextFile[] files, FileHashCache cache)
    {
        var hashes = new string[files.Length];
        try
        {
            Parallel.For(0, files.Length, i => hashes[i] = cache.GetSha256(files[i]));
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return hashes;
    }

    // Length-prefixed, so no two different field sequences can produce the same bytes.
    private static void AppendField(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
