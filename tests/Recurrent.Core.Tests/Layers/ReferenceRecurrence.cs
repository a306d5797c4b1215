namespace Recurrent.Tests.Layers;

/// <summary>
/// A plain double-precision recurrent layer (one layer, one or two directions, batch-first, optional lengths),
/// written straight from PyTorch's equations, as the reference for gradient checks.
/// </summary>
public static class ReferenceRecurrence
{
    /// <summary>The parameters of one direction, PyTorch's layout, flattened.</summary>
    public sealed record Weights(double[] Wih, double[] Whh, double[] Bih, double[] Bhh);

    /// <summary>
    /// Runs the layer. x [B, T, I]; h0, c0 [D, B, H] (c0 only for "lstm"). Returns output [B, T, D*H] and the final
    /// h [D, B, H] and c [D, B, H] (c zeros unless LSTM).
    /// </summary>
    public static (double[] Output, double[] H, double[] C) Run(
        string cell,
        Weights[] directions,
        double[] x,
        double[] h0,
        double[] c0,
        int batch,
        int steps,
        int inputs,
        int hidden,
        int[]? lengths
    )
    {
        int d = directions.Length;
        var output = new double[batch * steps * d * hidden];
        var hN = new double[d * batch * hidden];
        var cN = new double[d * batch * hidden];
        for (int dir = 0; dir < d; dir++)
            for (int b = 0; b < batch; b++)
            {
                var h = h0.AsSpan((dir * batch + b) * hidden, hidden).ToArray();
                var c = c0.Length == 0 ? new double[hidden] : c0.AsSpan((dir * batch + b) * hidden, hidden).ToArray();
                int length = lengths?[b] ?? steps;
                for (int s = 0; s < length; s++)
                {
                    int t = dir == 0 ? s : length - 1 - s;
                    var xt = x.AsSpan((b * steps + t) * inputs, inputs).ToArray();
                    (h, c) = Step(cell, directions[dir], xt, h, c, inputs, hidden);
                    Array.Copy(h, 0, output, (b * steps + t) * d * hidden + dir * hidden, hidden);
                }
                Array.Copy(h, 0, hN, (dir * batch + b) * hidden, hidden);
                Array.Copy(c, 0, cN, (dir * batch + b) * hidden, hidden);
            }
        return (output, hN, cN);
    }

    private static (double[] H, double[] C) Step(
        string cell,
        Weights w,
        double[] x,
        double[] h,
        double[] c,
        int inputs,
        int hidden
    )
    {
        int g = w.Bih.Length / hidden;
        var wx = new double[g * hidden];
        var wh = new double[g * hidden];
        for (int r = 0; r < g * hidden; r++)
        {
            wx[r] = w.Bih[r];
            wh[r] = w.Bhh[r];
            for (int k = 0; k < inputs; k++)
                wx[r] += w.Wih[r * inputs + k] * x[k];
            for (int k = 0; k < hidden; k++)
                wh[r] += w.Whh[r * hidden + k] * h[k];
        }
        var hNext = new double[hidden];
        var cNext = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            switch (cell)
            {
                case "rnn_tanh":
                    hNext[j] = Math.Tanh(wx[j] + wh[j]);
                    break;
                case "rnn_relu":
                    hNext[j] = Math.Max(0, wx[j] + wh[j]);
                    break;
                case "lstm":
                    double i = Sigmoid(wx[j] + wh[j]);
                    double f = Sigmoid(wx[hidden + j] + wh[hidden + j]);
                    double gg = Math.Tanh(wx[2 * hidden + j] + wh[2 * hidden + j]);
                    double o = Sigmoid(wx[3 * hidden + j] + wh[3 * hidden + j]);
                    cNext[j] = f * c[j] + i * gg;
                    hNext[j] = o * Math.Tanh(cNext[j]);
                    break;
                default:
                    double r = Sigmoid(wx[j] + wh[j]);
                    double z = Sigmoid(wx[hidden + j] + wh[hidden + j]);
                    double n = Math.Tanh(wx[2 * hidden + j] + r * wh[2 * hidden + j]);
                    hNext[j] = (1 - z) * n + z * h[j];
                    break;
            }
        }
        return (hNext, cNext);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
