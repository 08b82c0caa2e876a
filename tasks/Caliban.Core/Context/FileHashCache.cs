using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace Caliban.Core.Context;

/// <summary>
/// Content hashes (and credential sniff results) of context files, persisted between builds so a file whose path,
/// length and modification time are unchanged is never read again. Thread-safe.
/// </summary>
public sealed class FileHashCache
{
    // A file modified this close to when it was read may change again within the same timestamp tick; such
    // results are used once but not remembered (git's "racily clean" rule).
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(1);

    private const int ReadBufferSize = 128 * 1024;
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly IReadOnlyDictionary<string, FileHashCacheEntry> _loaded;
    private readonly ConcurrentDictionary<string, FileHashCacheEntry> _used = new(StringComparer.Ordinal);
    private int _hashedCount;
    private int _sniffedCount;

    /// <summary>An empty cache, for callers that do not persist one.</summary>
    public FileHashCache()
        : this(new Dictionary<string, FileHashCacheEntry>(StringComparer.Ordinal))
    {
    }

    private FileHashCache(IReadOnlyDictionary<string, FileHashCacheEntry> loaded) => _loaded = loaded;

    /// <summary>How many files were read to compute a hash since this cache was loaded.</summary>
    public int HashedCount => Volatile.Read(ref _hashedCount);

    /// <summary>How many JSON files were read to look for credentials since this cache was loaded.</summary>
    public int SniffedCount => Volatile.Read(ref _sniffedCount);

    /// <summary>Reads a cache written by <see cref="Save"/>; a missing, unreadable or corrupt file gives an empty cache.</summary>
    public static FileHashCache Load(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return new FileHashCache();
            }

            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(stream, FileHashCacheJson.Default.FileHashCacheDocument);
            return new FileHashCache(FileHashCacheDocument.ToEntries(document));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException or ArgumentException)
        {
            return new FileHashCache();
        }
    }

    /// <summary>The lowercase hex SHA-256 of the file's content, from the cache when the file is unchanged.</summary>
    public string GetSha256(ContextFile file)
    {
        var known = Find(file);
        if (known?.Sha256 is { } hash)
        {
            _used[file.RelativePath] = known;
            return hash;
        }

        hash = file.Length == 0 ? EmptySha256 : HashContent(file); // zero-length entries may be FIFOs: never open them
        Remember(file, (known ?? FileHashCacheEntry.For(file)) with { Sha256 = hash });
        return hash;
    }

    /// <summary>
    /// Writes the entries used since <see cref="Load"/> (so stale files drop out) to a temporary file and moves it into
    /// place. Best effort: a cache that cannot be written only costs hashing next time, so IO errors are swallowed.
    /// </summary>
    public void Save(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = $"{fullPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, FileHashCacheDocument.FromEntries(_used), FileHashCacheJson.Default.FileHashCacheDocument);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Whether a candidate JSON file is a Google credential, reading it only when it changed.</summary>
    internal bool IsCredentialJson(ContextFile file)
    {
        var known = Find(file);
        if (known?.IsCredentialJson is { } isCredential)
        {
            _used[file.RelativePath] = known;
            return isCredential;
        }

        isCredential = CredentialJsonSniffer.LooksLikeCredential(file);
        Interlocked.Increment(ref _sniffedCount);
        Remember(file, (known ?? FileHashCacheEntry.For(file)) with { IsCredentialJson = isCredential });
        return isCredential;
    }

    private FileHashCacheEntry? Find(ContextFile file)
    {
        if (_used.TryGetValue(file.RelativePath, out var entry) && entry.Describes(file))
        {
            return entry;
        }

        return _loaded.TryGetValue(file.RelativePath, out entry) && entry.Describes(file) ? entry : null;
    }

    private void Remember(ContextFile file, FileHashCacheEntry entry)
    {
        if (DateTime.UtcNow - file.LastWriteTimeUtc >= RacyWindow)
        {
            _used[file.RelativePath] = entry;
        }
    }

    private string HashContent(ContextFile file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                offset += read;
            }

            Interlocked.Increment(ref _hashedCount);
            return Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ContextErrors.Unreadable(file.RelativePath, file.FullPath, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftover temporary files are harmless.
        }
    }
}
