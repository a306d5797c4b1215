using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Models.Driving;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;

namespace Recurrent.Tests.Driving;

/// <summary>The kart controller exported to ONNX gives in ONNX Runtime what its forward pass gives.</summary>
public sealed class KartControllerOnnxExportTests
{
    [Theory]
    [InlineData(KartControllerKind.Lstm)]
    [InlineData(KartControllerKind.FeedForward)]
    public void TheControllerRunsInOnnxRuntime(KartControllerKind kind)
    {
        var model = SmallKart.Controller(kind);
        model.Eval();
        int batch = 2,
            steps = 3;
        var pixels = SmallKart.Pixels(SmallKart.Frames(batch * steps, 7));
        var rng = new RandomGenerator(8);
        int stateSize = 2 * batch * 8;
        var h0 = RandomValues(rng, stateSize, 0.5f);
        var c0 = RandomValues(rng, stateSize, 0.5f);
        float[] logits,
            h = [],
            c = [];
        using (Tape.NoGrad())
        {
            var initial =
                kind == KartControllerKind.Lstm
                    ? new RecurrentState(Tensor.FromArray(h0, 2, batch, 8), Tensor.FromArray(c0, 2, batch, 8))
                    : null;
            var (output, state) = model.Forward(Tensor.FromArray(pixels, batch, steps, KartCamera.PixelCount), initial);
            logits = output.ToArray();
            if (state is not null)
            {
                h = state.H.ToArray();
                c = state.C!.ToArray();
            }
        }
        var feeds = new List<Feed> { new("frames", pixels, [batch, steps, KartCamera.PixelCount]) };
        if (kind == KartControllerKind.Lstm)
        {
            feeds.Add(new Feed("h0", h0, [2, batch, 8]));
            feeds.Add(new Feed("c0", c0, [2, batch, 8]));
        }
        var bytes = OnnxExport.ToBytes(new KartControllerExport(model));
        var ort = Run(bytes, [.. feeds]);
        AssertClose("logits", ort["logits"].Values, logits);
        var probabilities = ort["probabilities"].Values;
        for (int i = 0; i < logits.Length; i++)
            Assert.Equal(1 / (1 + MathF.Exp(-logits[i])), probabilities[i], 5);
        if (kind == KartControllerKind.Lstm)
        {
            AssertClose("h_n", ort["h_n"].Values, h);
            AssertClose("c_n", ort["c_n"].Values, c);
        }
        Assert.Equal(KartControllerConfig.ModelKind, Metadata(bytes)["model"]);
    }

    private static float[] RandomValues(RandomGenerator rng, int count, float scale)
    {
        var values = new float[count];
        rng.FillUniform(values, -scale, scale);
        return values;
    }
}
