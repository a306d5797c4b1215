using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

/// <summary>
/// The row kernels take 16 lanes at a time where Vector512 is native and 8 elsewhere; both widths must give the same
/// floats, bit for bit (the same operations, lane by lane), so that a model trains alike on either path. The 16-lane
/// path is forced here, emulated by .NET on machines without AVX-512.
/// </summary>
[Collection(ProcessWideSettingsCollection.Name)]
public class RowKernelWidthTests
{
    // 43 = 16 + 16 + 8 + 3: two 16-lane vectors, one 8-lane one and a scalar tail on the wide path.
    private const int Hidden = 43;

    public static TheoryData<string> Cells() => new() { "lstm", "gru", "rnn_tanh", "rnn_relu" };

    [Theory]
    [MemberData(nameof(Cells))]
    public void BothWidthsGiveTheSameFloatsForwardAndBackward(string cell)
    {
        var narrow = Run(cell, wide: false);
        var wide = Run(cell, wide: true);
        Assert.Equal(narrow.Length, wide.Length);
        for (int i = 0; i < narrow.Length; i++)
            Assert.True(
                BitConverter.SingleToInt32Bits(narrow[i]) == BitConverter.SingleToInt32Bits(wide[i]),
                $"{cell}: value {i} is {narrow[i]:R} on 8 lanes and {wide[i]:R} on 16"
            );
    }

    [Fact]
    public void TheWideExponentialMatchesTheNarrowOne()
    {
        var x = new float[4096];
        for (int i = 0; i < x.Length; i++)
            x[i] = -90f + 180f * i / (x.Length - 1);
        for (int i = 0; i < x.Length; i += 16)
        {
            var wide = VectorExp.Exp(FloatVector512.Load(x, i)).AsVector();
            for (int half = 0; half < 16; half += FloatVector.Count)
            {
                var narrow = VectorExp.Exp(FloatVector.Load(x, i + half)).AsVector();
                for (int lane = 0; lane < FloatVector.Count; lane++)
                    Assert.Equal(narrow[lane], wide[half + lane]);
            }
        }
    }

    // Every output of one forward and one backward row, in one array.
    private static float[] Run(string cell, bool wide)
    {
        RecurrentRowKernel kernel = cell switch
        {
            "lstm" => new LstmRowKernel(Hidden),
            "gru" => new GruRowKernel(Hidden),
            _ => new RnnRowKernel(Hidden, relu: cell == "rnn_relu"),
        };
        var random = new Random(7);
        float[] Values(int length, double scale)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
                values[i] = (float)((2 * random.NextDouble() - 1) * scale);
            return values;
        }
        int gates = kernel.Gates;
        float[] xg = Values(gates, 3),
            hg = Values(gates, 3),
            bi = Values(gates, 0.5),
            bh = Values(gates, 0.5);
        float[] h = Values(Hidden, 1),
            c = kernel.HasCellState ? Values(Hidden, 2) : [];
        float[] hPrev = (float[])h.Clone(),
            cPrev = (float[])c.Clone();
        var saved = new float[kernel.SavedWidth];
        float[] dh = Values(Hidden, 1),
            dc = kernel.HasCellState ? Values(Hidden, 1) : [];
        float[] dgx = new float[gates],
            dgh = kernel.SeparateRecurrentGradient ? new float[gates] : dgx;
        try
        {
            RecurrentRowKernel.Vector512Override = wide;
            kernel.Forward(xg, hg, bi, bh, saved, h, c);
            kernel.Backward(saved, hPrev, cPrev, dh, dc, dgx, dgh);
        }
        finally
        {
            RecurrentRowKernel.Vector512Override = null;
        }
        return [.. saved, .. h, .. c, .. dh, .. dc, .. dgx, .. dgh];
    }
}
