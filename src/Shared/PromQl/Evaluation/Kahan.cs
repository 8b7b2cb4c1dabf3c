namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Neumaier-compensated summation, as Prometheus's kahansum.Inc.</summary>
internal static class Kahan
{
    public static (double Sum, double C) Inc(double inc, double sum, double c)
    {
        double t = sum + inc;
        if (double.IsInfinity(t))
        {
            c = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            c += (inc - t) + sum;
        }
        return (t, c);
    }
}
