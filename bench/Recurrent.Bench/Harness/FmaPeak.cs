using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The machine's floating-point limit, measured rather than taken from a data sheet: every thread runs 16 independent
/// chains of vector FMAs (enough to cover the FMA latency of every current x64 core with its two FMA pipes), so the
/// loop is bound by FMA throughput alone. A multiply-add counts as two operations, as in every case's FLOP count.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 16;
    private const double SecondsPerMeasurement = 0.15;
    private const int Measurements = 5;

    /// <summary>
    /// The best of a few measurements, in FLOP/s, of <paramref name="threads"/> threads running Vector512 FMA chains
    /// (<paramref name="wide"/>) or Vector256 ones, each measurement a fraction of a second long.
    /// </summary>
    public static double Measure(bool wide, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        // Sized by a short single-thread run so that each measurement lasts about SecondsPerMeasurement.
        long probe = 200_000;
        var clock = Stopwatch.StartNew();
        Run(wide, probe);
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        long iterations = Math.Max(probe, (long)(probe * SecondsPerMeasurement / seconds));
        double best = 0;
        for (int m = 0; m < Measurements; m++)
            best = Math.Max(best, MeasureOnce(wide, threads, iterations));
        return best;
    }

    private static double MeasureOnce(bool wide, int threads, long iterations)
    {
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                Run(wide, iterations);
            })
            {
                IsBackground = true,
            };
            workers[t].Start();
        }
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
            worker.Join();
        double flopsPerIteration = Chains * 2.0 * (wide ? Vector512<float>.Count : Vector256<float>.Count);
        return threads * iterations * flopsPerIteration / clock.Elapsed.TotalSeconds;
    }

    private static float Run(bool wide, long iterations) => wide ? Run512(iterations) : Run256(iterations);

    // a <- a * m + d converges to d / (1 - m) without denormals, so the speed does not depend on the values.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run256(long iterations)
    {
        var m = Vector256.Create(0.999f);
        var d = Vector256.Create(1e-3f);
        Vector256<float> a0 = d, a1 = d, a2 = d, a3 = d, a4 = d, a5 = d, a6 = d, a7 = d;
        Vector256<float> a8 = d, a9 = d, a10 = d, a11 = d, a12 = d, a13 = d, a14 = d, a15 = d;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, d);
            a1 = Vector256.FusedMultiplyAdd(a1, m, d);
            a2 = Vector256.FusedMultiplyAdd(a2, m, d);
            a3 = Vector256.FusedMultiplyAdd(a3, m, d);
            a4 = Vector256.FusedMultiplyAdd(a4, m, d);
            a5 = Vector256.FusedMultiplyAdd(a5, m, d);
            a6 = Vector256.FusedMultiplyAdd(a6, m, d);
            a7 = Vector256.FusedMultiplyAdd(a7, m, d);
            a8 = Vector256.FusedMultiplyAdd(a8, m, d);
            a9 = Vector256.FusedMultiplyAdd(a9, m, d);
            a10 = Vector256.FusedMultiplyAdd(a10, m, d);
            a11 = Vector256.FusedMultiplyAdd(a11, m, d);
            a12 = Vector256.FusedMultiplyAdd(a12, m, d);
            a13 = Vector256.FusedMultiplyAdd(a13, m, d);
            a14 = Vector256.FusedMultiplyAdd(a14, m, d);
            a15 = Vector256.FusedMultiplyAdd(a15, m, d);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector256.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run512(long iterations)
    {
        var m = Vector512.Create(0.999f);
        var d = Vector512.Create(1e-3f);
        Vector512<float> a0 = d, a1 = d, a2 = d, a3 = d, a4 = d, a5 = d, a6 = d, a7 = d;
        Vector512<float> a8 = d, a9 = d, a10 = d, a11 = d, a12 = d, a13 = d, a14 = d, a15 = d;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, d);
            a1 = Vector512.FusedMultiplyAdd(a1, m, d);
            a2 = Vector512.FusedMultiplyAdd(a2, m, d);
            a3 = Vector512.FusedMultiplyAdd(a3, m, d);
            a4 = Vector512.FusedMultiplyAdd(a4, m, d);
            a5 = Vector512.FusedMultiplyAdd(a5, m, d);
            a6 = Vector512.FusedMultiplyAdd(a6, m, d);
            a7 = Vector512.FusedMultiplyAdd(a7, m, d);
            a8 = Vector512.FusedMultiplyAdd(a8, m, d);
            a9 = Vector512.FusedMultiplyAdd(a9, m, d);
            a10 = Vector512.FusedMultiplyAdd(a10, m, d);
            a11 = Vector512.FusedMultiplyAdd(a11, m, d);
            a12 = Vector512.FusedMultiplyAdd(a12, m, d);
            a13 = Vector512.FusedMultiplyAdd(a13, m, d);
            a14 = Vector512.FusedMultiplyAdd(a14, m, d);
            a15 = Vector512.FusedMultiplyAdd(a15, m, d);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector512.Sum(sum);
    }
}
