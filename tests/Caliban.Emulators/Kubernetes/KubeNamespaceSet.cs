using System.Collections;

namespace Caliban.Emulators.Kubernetes;

/// <summary>A thread-safe set of namespace names (tests change it while requests run).</summary>
public sealed class KubeNamespaceSet : IEnumerable<string>
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public bool Add(string name)
    {
        lock (_names)
        {
            return _names.Add(name);
        }
    }

    public bool Remove(string name)
    {
        lock (_names)
        {
            return _names.Remove(name);
        }
    }

    public bool Contains(string name)
    {
        lock (_names)
        {
            return _names.Contains(name);
        }
    }

    public void Clear()
    {
        lock (_names)
        {
            _names.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (_names)
            {
                return _names.Count;
            }
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        lock (_names)
        {
            return _names.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
