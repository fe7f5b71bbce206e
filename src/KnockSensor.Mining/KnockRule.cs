using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using KnockSensor.Windowing;

namespace KnockSensor.Mining;

/// <summary>
/// A rare association rule X ⇒ Y over the current history: the items of <see cref="Antecedent"/> being accessed in a
/// window makes access to <see cref="Consequent"/> far more likely than chance. Items of each side are sorted.
/// </summary>
/// <param name="Antecedent">X, non-empty, sorted by <see cref="KnockItem.Value"/>.</param>
/// <param name="Consequent">Y, non-empty, disjoint from X, sorted.</param>
/// <param name="Support">supp(X∪Y): fraction of history windows holding every item of X and Y.</param>
/// <param name="Confidence">Wu's CPIR(Y|X) = (supp(X∪Y) − supp(X)supp(Y)) / (supp(X)(1 − supp(Y))) (eq. 5).</param>
/// <param name="Interest">Wu's interest |supp(X∪Y) − supp(X)supp(Y)| for this split (eq. 3).</param>
/// <param name="Lift">The correlation supp(X∪Y) / (supp(X)supp(Y)) (eq. 4), above 1 for every rule.</param>
/// <param name="Windows">History windows holding X∪Y.</param>
/// <param name="HistoryWindows">Windows in the history when the rule was mined (the support denominator).</param>
public sealed record KnockRule(
    ImmutableArray<KnockItem> Antecedent,
    ImmutableArray<KnockItem> Consequent,
    double Support,
    double Confidence,
    double Interest,
    double Lift,
    int Windows,
    int HistoryWindows)
{
    /// <summary>Value equality, item sequences included (an <see cref="ImmutableArray{T}"/> alone compares by reference).</summary>
    public bool Equals(KnockRule? other) =>
        other is not null
        && Antecedent.AsSpan().SequenceEqual(other.Antecedent.AsSpan())
        && Consequent.AsSpan().SequenceEqual(other.Consequent.AsSpan())
        && Support.Equals(other.Support)
        && Confidence.Equals(other.Confidence)
        && Interest.Equals(other.Interest)
        && Lift.Equals(other.Lift)
        && Windows == other.Windows
        && HistoryWindows == other.HistoryWindows;

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in Antecedent)
        {
            hash.Add(item);
        }

        hash.Add(-1);
        foreach (var item in Consequent)
        {
            hash.Add(item);
        }

        hash.Add(Support);
        hash.Add(Confidence);
        return hash.ToHashCode();
    }

    /// <summary>The stable order rules are reported in: antecedent items, then consequent items, lexicographically.</summary>
    public static int CompareByItems(KnockRule? left, KnockRule? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null)
        {
            return -1;
        }

        if (right is null)
        {
            return 1;
        }

        var byAntecedent = left.Antecedent.AsSpan().SequenceCompareTo(right.Antecedent.AsSpan());
        return byAntecedent != 0 ? byAntecedent : left.Consequent.AsSpan().SequenceCompareTo(right.Consequent.AsSpan());
    }

    /// <summary><c>tcp/999 ⇒ tcp/888 supp=0.26 cpir=0.95 inte=0.2 lift=3.8 windows=5/19</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        AppendItems(text, Antecedent);
        text.Append(" => ");
        AppendItems(text, Consequent);
        text.Append(CultureInfo.InvariantCulture, $" supp={Support:G4} cpir={Confidence:G4} inte={Interest:G4} lift={Lift:G4} windows={Windows}/{HistoryWindows}");
        return text.ToString();
    }

    private static void AppendItems(StringBuilder text, ImmutableArray<KnockItem> items)
    {
        for (var i = 0; i < items.Length; i++)
        {
            text.Append(i == 0 ? "{" : ",").Append(items[i].ToString());
        }

        text.Append('}');
    }
}
