namespace Recurrent.Models.Forecasting;

/// <summary>
/// Minimises a function of a few variables without derivatives: the Nelder-Mead simplex method with the adaptive
/// coefficients of Gao and Han (2012), which keep it from stalling in a dozen or more dimensions. Box bounds are
/// honoured by projecting every trial point into the box. After the simplex collapses, the search restarts from the
/// best point with a fresh simplex, because a collapsed simplex often sits beside, not at, the minimum.
/// </summary>
public static class NelderMead
{
    /// <summary>
    /// Finds a minimum of <paramref name="objective"/> near <paramref name="start"/>. <paramref name="steps"/> gives
    /// the size of the first simplex along each axis; <paramref name="lower"/> and <paramref name="upper"/> bound each
    /// variable (infinities for none). A non-finite value counts as worse than any finite one. Stops when a restart
    /// improves the value by less than <paramref name="tolerance"/> (relative), or after
    /// <paramref name="maxEvaluations"/> evaluations in all.
    /// </summary>
    /// <returns>The best point found, its value and the evaluations spent.</returns>
    public static (double[] Point, double Value, int Evaluations) Minimize(
        Func<double[], double> objective,
        double[] start,
        double[] steps,
        double[] lower,
        double[] upper,
        double tolerance = 1e-10,
        int maxEvaluations = 20_000,
        int maxRestarts = 10
    )
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        int n = start.Length;
        if (steps.Length != n || lower.Length != n || upper.Length != n)
            throw new ArgumentException(
                $"start, steps, lower and upper must have one entry per variable ({n}); "
                    + $"they have {steps.Length}, {lower.Length}, {upper.Length}."
            );
        int evaluations = 0;
        double Evaluate(double[] x)
        {
            evaluations++;
            double v = objective(x);
            return double.IsFinite(v) ? v : double.PositiveInfinity;
        }
        var best = Project((double[])start.Clone(), lower, upper);
        double bestValue = Evaluate(best);
        for (int restart = 0; restart <= maxRestarts && evaluations < maxEvaluations; restart++)
        {
            var (point, value) = Run(Evaluate, best, bestValue, steps, lower, upper, tolerance, () =>
                evaluations < maxEvaluations
            );
            bool improved = bestValue - value > tolerance * Math.Max(Math.Abs(bestValue), 1e-300);
            if (value < bestValue)
            {
                best = point;
                bestValue = value;
            }
            if (!improved && restart > 0)
                break;
        }
        return (best, bestValue, evaluations);
    }

    private static (double[] Point, double Value) Run(
        Func<double[], double> evaluate,
        double[] start,
        double startValue,
        double[] steps,
        double[] lower,
        double[] upper,
        double tolerance,
        Func<bool> budgetLeft
    )
    {
        int n = start.Length;
        double reflection = 1,
            expansion = 1 + 2.0 / n,
            contraction = 0.75 - 1.0 / (2 * n),
            shrink = 1 - 1.0 / n;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = (double[])start.Clone();
        values[0] = startValue;
        for (int i = 0; i < n; i++)
        {
            var vertex = (double[])start.Clone();
            vertex[i] += steps[i];
            // At an upper bound, step inwards instead, so that the simplex keeps its full dimension.
            if (vertex[i] > upper[i])
                vertex[i] = start[i] - steps[i];
            simplex[i + 1] = Project(vertex, lower, upper);
            values[i + 1] = evaluate(simplex[i + 1]);
        }
        var order = new int[n + 1];
        var centroid = new double[n];
        while (budgetLeft())
        {
            for (int i = 0; i <= n; i++)
                order[i] = i;
            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int bestAt = order[0],
                worstAt = order[n],
                secondWorstAt = order[n - 1];
            double spread = values[worstAt] - values[bestAt];
            bool flat = double.IsFinite(spread) && spread <= tolerance * Math.Max(Math.Abs(values[bestAt]), 1e-300);
            if (flat && Diameter(simplex, bestAt) < 1e-7)
                break;
            Array.Clear(centroid);
            for (int i = 0; i <= n; i++)
            {
                if (i == worstAt)
                    continue;
                for (int j = 0; j < n; j++)
                    centroid[j] += simplex[i][j] / n;
            }
            var reflected = Along(centroid, simplex[worstAt], -reflection, lower, upper);
            double reflectedValue = evaluate(reflected);
            if (reflectedValue < values[bestAt])
            {
                var expanded = Along(centroid, simplex[worstAt], -expansion, lower, upper);
                double expandedValue = evaluate(expanded);
                Replace(expandedValue < reflectedValue ? expanded : reflected, Math.Min(expandedValue, reflectedValue));
            }
            else if (reflectedValue < values[secondWorstAt])
            {
                Replace(reflected, reflectedValue);
            }
            else
            {
                bool outside = reflectedValue < values[worstAt];
                var contracted = Along(centroid, simplex[worstAt], outside ? -contraction : contraction, lower, upper);
                double contractedValue = evaluate(contracted);
                if (contractedValue < (outside ? reflectedValue : values[worstAt]))
                {
                    Replace(contracted, contractedValue);
                }
                else
                {
                    for (int i = 0; i <= n; i++)
                    {
                        if (i == bestAt)
                            continue;
                        for (int j = 0; j < n; j++)
                            simplex[i][j] = simplex[bestAt][j] + shrink * (simplex[i][j] - simplex[bestAt][j]);
                        values[i] = evaluate(simplex[i]);
                    }
                }
            }

            void Replace(double[] point, double value)
            {
                simplex[worstAt] = point;
                values[worstAt] = value;
            }
        }
        int winner = 0;
        for (int i = 1; i <= n; i++)
            if (values[i] < values[winner])
                winner = i;
        return (simplex[winner], values[winner]);
    }

    // centroid + t (from - centroid), projected into the box.
    private static double[] Along(double[] centroid, double[] from, double t, double[] lower, double[] upper)
    {
        var x = new double[centroid.Length];
        for (int j = 0; j < x.Length; j++)
            x[j] = centroid[j] + t * (from[j] - centroid[j]);
        return Project(x, lower, upper);
    }

    private static double[] Project(double[] x, double[] lower, double[] upper)
    {
        for (int j = 0; j < x.Length; j++)
            x[j] = Math.Clamp(x[j], lower[j], upper[j]);
        return x;
    }

    private static double Diameter(double[][] simplex, int from)
    {
        double largest = 0;
        foreach (var vertex in simplex)
            for (int j = 0; j < vertex.Length; j++)
            {
                double scale = Math.Max(1, Math.Abs(simplex[from][j]));
                largest = Math.Max(largest, Math.Abs(vertex[j] - simplex[from][j]) / scale);
            }
        return largest;
    }
}
