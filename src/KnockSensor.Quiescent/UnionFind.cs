namespace KnockSensor.Quiescent;

/// <summary>
/// Disjoint sets over 0..n-1 (union by size, path halving): the transitive closure of "A::B" links, so that
/// A::B and B::C put A, B and C in one cluster.
/// </summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Count => _parent.Length;

    public int Find(int element)
    {
        while (_parent[element] != element)
        {
            _parent[element] = _parent[_parent[element]];
            element = _parent[element];
        }

        return element;
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/>; false when they were already one.</summary>
    public bool Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA == rootB)
        {
            return false;
        }

        if (_size[rootA] < _size[rootB] || (_size[rootA] == _size[rootB] && rootB < rootA))
        {
            (rootA, rootB) = (rootB, rootA);
        }

        _parent[rootB] = rootA;
        _size[rootA] += _size[rootB];
        return true;
    }

    /// <summary>Size of the set holding <paramref name="element"/>.</summary>
    public int SizeOf(int element) => _size[Find(element)];
}
