namespace KnockSensor.Evaluation;

/// <summary>A pair rule X ⇒ Y from a <c>knock_rule</c> event; <see cref="DestIp"/> is null for a rule tied to no host.</summary>
public sealed record FoundRule(string? DestIp, KnockItem Antecedent, KnockItem Consequent, int Line)
{
    public override string ToString() => $"{DestIp ?? "(any host)"}: {Antecedent} => {Consequent}";
}
