namespace KnockSensor.Mining;

/// <summary>
/// log(1 + x) and exp(x) − 1 without cancellation for small x. .NET's <c>double.LogP1</c> and <c>double.ExpM1</c>
/// are computed as <c>Log(x + 1)</c> and <c>Exp(x) − 1</c>, which lose every digit when |x| is near the epsilon.
/// </summary>
internal static class StableMath
{
    /// <summary>log(1 + x), x ≥ −1 (Goldberg's correction: exact rounding of 1 + x is divided back out).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1 (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + (x * x / 2) + (x * x * x / 6);
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>x · log(y) with the convention 0 · log(0) = 0, so a certain or impossible event does not give NaN.</summary>
    public static double XLogY(double x, double logY) => x == 0 ? 0 : x * logY;
}
