using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Forecasting;
using Recurrent.Onnx;
using Recurrent.Onnx.Models;
using Recurrent.Tensors;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The forecasters exported to ONNX and run in ONNX Runtime: the autoregressive one-pass network with its state
/// in and out, the encoder-decoder's teacher-forced pass and its encoder and decoder-step graphs.
/// </summary>
public sealed class ForecasterOnnxExportTests
{
    private const int Hidden = 5;

    private static (float[] Mean, float[] LogStd) Split(Tensor gaussian)
    {
        var values = gaussian.ToArray();
        return (values.Where((_, i) => i % 2 == 0).ToArray(), values.Where((_, i) => i % 2 == 1).ToArray());
    }

    private static Tensor Values(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AutoregressiveNetworkMatchesWithStateInAndOut(int layers)
    {
        var model = new AutoregressiveForecaster(
            new SeriesForecasterConfig(
                ForecastModelKind.Autoregressive,
                History: 4,
                Horizon: 3,
                CalendarWidth: 2,
                CovariateWidth: 0,
                Hidden,
                Layers: layers
            ),
            new RandomGenerator(3)
        );
        model.Eval();
        model.Description["z_mean"] = "1.5";
        int batch = 2,
            steps = 6,
            width = model.InputWidth;
        var rng = new RandomGenerator(4);
        var x = RandomValues(rng, batch * steps * width);
        var h0 = RandomValues(rng, layers * batch * Hidden, 0.5f);
        var c0 = RandomValues(rng, layers * batch * Hidden, 0.5f);
        using var noGrad = Tape.NoGrad();
        var (gaussian, state) = model.Forward(
            Values(x, batch, steps, width),
            new RecurrentState(Values(h0, layers, batch, Hidden), Values(c0, layers, batch, Hidden))
        );
        var (mean, logStd) = Split(gaussian);

        var bytes = OnnxExport.ToBytes(new AutoregressiveForecasterExport(model));
        var ort = Run(
            bytes,
            new Feed("inputs", x, [batch, steps, width]),
            new Feed("h0", h0, [layers, batch, Hidden]),
            new Feed("c0", c0, [layers, batch, Hidden])
        );

        AssertClose("mean", ort["mean"].Values, mean, ort["mean"].Shape, [batch, steps]);
        AssertClose("log_std", ort["log_std"].Values, logStd);
        AssertClose("h_n", ort["h_n"].Values, state.H.Span);
        AssertClose("c_n", ort["c_n"].Values, state.C!.Span);
        var metadata = Metadata(bytes);
        Assert.Equal(SeriesForecasterConfig.AutoregressiveModelKind, metadata["model"]);
        Assert.Equal("1.5", metadata["z_mean"]);
        Assert.Equal("4", metadata["history"]);
    }

    [Fact]
    public void AutoregressiveRollOutStepByStepMatchesOnePass()
    {
        var model = new AutoregressiveForecaster(
            new SeriesForecasterConfig(
                ForecastModelKind.Autoregressive,
                History: 4,
                Horizon: 3,
                CalendarWidth: 0,
                CovariateWidth: 0,
                Hidden,
                Layers: 2
            ),
            new RandomGenerator(5)
        );
        model.Eval();
        int batch = 3,
            steps = 5,
            layers = 2;
        var x = RandomValues(new RandomGenerator(6), batch * steps);
        var bytes = OnnxExport.ToBytes(new AutoregressiveForecasterExport(model));
        var zeros = new float[layers * batch * Hidden];
        var whole = Run(
            bytes,
            new Feed("inputs", x, [batch, steps, 1]),
            new Feed("h0", zeros, [layers, batch, Hidden]),
            new Feed("c0", zeros, [layers, batch, Hidden])
        );

        float[] h = zeros,
            c = zeros;
        for (int t = 0; t < steps; t++)
        {
            var step = Enumerable.Range(0, batch).Select(b => x[b * steps + t]).ToArray();
            var ort = Run(
                bytes,
                new Feed("inputs", step, [batch, 1, 1]),
                new Feed("h0", h, [layers, batch, Hidden]),
                new Feed("c0", c, [layers, batch, Hidden])
            );
            var expected = Enumerable.Range(0, batch).Select(b => whole["mean"].Values[b * steps + t]).ToArray();
            AssertClose($"mean at step {t}", ort["mean"].Values, expected);
            (h, c) = (ort["h_n"].Values, ort["c_n"].Values);
        }
        AssertClose("final h", h, whole["h_n"].Values);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 2)]
    public void EncoderDecoderMatchesAsOneGraphAndAsParts(int layers, int covariates)
    {
        var model = new EncoderDecoderForecaster(
            new SeriesForecasterConfig(
                ForecastModelKind.EncoderDecoder,
                History: 5,
                Horizon: 3,
                CalendarWidth: 2,
                CovariateWidth: covariates,
                Hidden,
                Layers: layers
            ),
            new RandomGenerator(7)
        );
        model.Eval();
        int batch = 2,
            history = 5,
            future = 3;
        var rng = new RandomGenerator(8);
        var past = RandomValues(rng, batch * history * model.EncoderWidth);
        var next = RandomValues(rng, batch * future * model.DecoderWidth);
        using var noGrad = Tape.NoGrad();
        var encoded = model.Encode(Values(past, batch, history, model.EncoderWidth));
        var (encodedH, encodedC) = (encoded.H.ToArray(), encoded.C!.ToArray());
        var (gaussian, state) = model.Decode(Values(next, batch, future, model.DecoderWidth), encoded);
        var (mean, logStd) = Split(gaussian);

        var whole = Run(
            OnnxExport.ToBytes(new EncoderDecoderForecasterExport(model)),
            new Feed("history", past, [batch, history, model.EncoderWidth]),
            new Feed("decoder_inputs", next, [batch, future, model.DecoderWidth])
        );
        AssertClose("mean", whole["mean"].Values, mean, whole["mean"].Shape, [batch, future]);
        AssertClose("log_std", whole["log_std"].Values, logStd);
        AssertClose("h_n", whole["h_n"].Values, state.H.Span);
        AssertClose("c_n", whole["c_n"].Values, state.C!.Span);

        var exported = new EncoderDecoderForecasterExport(model);
        var parts = exported.OnnxParts.ToDictionary(p => p.Part, p => OnnxExport.ToBytes(p.Graph));
        Assert.Equal(["encoder", "decoder"], exported.OnnxParts.Select(p => p.Part));
        var encoder = Run(parts["encoder"], new Feed("history", past, [batch, history, model.EncoderWidth]));
        AssertClose("encoder h_n", encoder["h_n"].Values, encodedH, encoder["h_n"].Shape, [layers, batch, Hidden]);
        AssertClose("encoder c_n", encoder["c_n"].Values, encodedC);

        // The decoder graph one step at a time from the encoder's state gives the teacher-forced pass.
        float[] h = encoder["h_n"].Values,
            c = encoder["c_n"].Values;
        int width = model.DecoderWidth;
        for (int k = 0; k < future; k++)
        {
            var row = new float[batch * width];
            for (int b = 0; b < batch; b++)
                next.AsSpan((b * future + k) * width, width).CopyTo(row.AsSpan(b * width));
            var step = Run(
                parts["decoder"],
                new Feed("inputs", row, [batch, 1, width]),
                new Feed("h0", h, [layers, batch, Hidden]),
                new Feed("c0", c, [layers, batch, Hidden])
            );
            AssertClose(
                $"decoder mean at step {k}",
                step["mean"].Values,
                Enumerable.Range(0, batch).Select(b => mean[b * future + k]).ToArray()
            );
            (h, c) = (step["h_n"].Values, step["c_n"].Values);
        }
        AssertClose("decoder final h", h, state.H.Span);
    }

    [Fact]
    public void CheckpointRebuildsTheModelWithItsDescription()
    {
        var model = new EncoderDecoderForecaster(
            new SeriesForecasterConfig(
                ForecastModelKind.EncoderDecoder,
                History: 5,
                Horizon: 3,
                CalendarWidth: 2,
                CovariateWidth: 1,
                Hidden,
                Layers: 2
            ),
            new RandomGenerator(9)
        );
        model.Description["z_scale"] = "2.5";
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-forecaster-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = Assert.IsType<EncoderDecoderForecaster>(SeriesForecaster.Load(SafeTensorsFile.Read(path)));
            Assert.Equal("2.5", loaded.Description["z_scale"]);
            Assert.Equal(
                (model.History, model.Horizon, model.Layers, model.CovariateWidth),
                (loaded.History, loaded.Horizon, loaded.Layers, loaded.CovariateWidth)
            );
            Assert.Equal(
                model.NamedParameters().Select(p => p.Value.ToArray()),
                loaded.NamedParameters().Select(p => p.Value.ToArray())
            );
        }
        finally
        {
            File.Delete(path);
        }
    }
}
