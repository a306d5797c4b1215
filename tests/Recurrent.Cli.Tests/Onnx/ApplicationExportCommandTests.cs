using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Labelling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;
using System.Globalization;
using static Recurrent.Tests.CommandLineRunner;
using static Recurrent.Tests.Onnx.OnnxRuntimeRunner;
using static Recurrent.Tests.Onnx.RecurrentExportCases;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The forecasting, labelling and seq2seq commands save their models with <c>--out</c>, and <c>recurrent export</c>
/// turns those checkpoints into ONNX files (and, for encoder-decoders, the encoder and decoder graphs beside them)
/// that ONNX Runtime runs with the results of the reloaded model.
/// </summary>
public sealed class ApplicationExportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-export-apps-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string MonthlyCsv()
    {
        string path = Path.Combine(_directory, "monthly.csv");
        File.WriteAllLines(
            path,
            new[] { "month,value,extra" }.Concat(
                Enumerable
                    .Range(0, 60)
                    .Select(r =>
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM},"
                                + $"{10 + Math.Sin(2 * Math.PI * r / 12):R},{Math.Cos(r / 5.0):R}"
                        )
                    )
            )
        );
        return path;
    }

    private (string Checkpoint, string Onnx, string Output) TrainAndExport(string name, params string[] train)
    {
        string directory = Path.Combine(_directory, name);
        var (code, output, error) = Invoke([.. train, "--out", directory]);
        Assert.True(code == 0, error);
        string checkpoint = Path.Combine(directory, "model.safetensors");
        Assert.Contains($"checkpoint={checkpoint}", output);
        string onnx = Path.Combine(directory, "model.onnx");
        (code, output, error) = Invoke("export", "--model", checkpoint);
        Assert.True(code == 0, error);
        return (checkpoint, onnx, output);
    }

    [Fact]
    public void AutoregressiveForecasterExportsWithState()
    {
        var (checkpoint, onnx, output) = TrainAndExport(
            "ar",
            "forecast",
            "--csv",
            MonthlyCsv(),
            "--time-column",
            "month",
            "--target",
            "value",
            "--model",
            "ar",
            "--history",
            "12",
            "--horizon",
            "6",
            "--max-steps",
            "3",
            "--samples",
            "2",
            "--hidden",
            "4",
            "--seasonal-difference",
            "true"
        );

        Assert.Contains("kind=ar-forecaster", output);
        Assert.Contains("inputs=inputs,h0,c0", output);
        var model = (AutoregressiveForecaster)SeriesForecaster.Load(SafeTensorsFile.Read(checkpoint));
        int batch = 2,
            steps = 4,
            width = model.InputWidth;
        var x = RandomValues(new RandomGenerator(1), batch * steps * width);
        using var noGrad = Tape.NoGrad();
        var (gaussian, _) = model.Forward(Tensor.FromArray(x, batch, steps, width));
        var zeros = new float[batch * 4];
        var ort = Run(
            File.ReadAllBytes(onnx),
            new Feed("inputs", x, [batch, steps, width]),
            new Feed("h0", zeros, [1, batch, 4]),
            new Feed("c0", zeros, [1, batch, 4])
        );
        AssertClose("mean", ort["mean"].Values, gaussian.ToArray().Where((_, i) => i % 2 == 0).ToArray());
        var metadata = Metadata(File.ReadAllBytes(onnx));
        Assert.Equal("12", metadata["z_season_lag"]);
        Assert.Equal("value", metadata["target"]);
        Assert.Equal("sin, cos of (month - 1) / 12", metadata["calendar"]);
    }

    [Fact]
    public void EncoderDecoderForecasterExportsTheWholePassAndItsParts()
    {
        var (checkpoint, onnx, output) = TrainAndExport(
            "seq2seq",
            "forecast",
            "--csv",
            MonthlyCsv(),
            "--time-column",
            "month",
            "--target",
            "value",
            "--covariates",
            "extra",
            "--model",
            "seq2seq",
            "--history",
            "12",
            "--horizon",
            "6",
            "--max-steps",
            "3",
            "--samples",
            "2",
            "--hidden",
            "4"
        );

        string encoderPath = Path.Combine(_directory, "seq2seq", "model.encoder.onnx"),
            decoderPath = Path.Combine(_directory, "seq2seq", "model.decoder.onnx");
        Assert.Contains($"encoder_file={encoderPath}", output);
        Assert.Contains("decoder_inputs=inputs,h0,c0", output);
        var model = (EncoderDecoderForecaster)SeriesForecaster.Load(SafeTensorsFile.Read(checkpoint));
        Assert.Equal(1, model.CovariateWidth);
        int batch = 2,
            history = 12;
        var past = RandomValues(new RandomGenerator(2), batch * history * model.EncoderWidth);
        var next = RandomValues(new RandomGenerator(3), batch * model.DecoderWidth);
        using var noGrad = Tape.NoGrad();
        var state = model.Encode(Tensor.FromArray(past, batch, history, model.EncoderWidth));
        var (h, c) = (state.H.ToArray(), state.C!.ToArray());
        var (gaussian, _) = model.Decode(Tensor.FromArray(next, batch, 1, model.DecoderWidth), state);

        var encoder = Run(
            File.ReadAllBytes(encoderPath),
            new Feed("history", past, [batch, history, model.EncoderWidth])
        );
        AssertClose("encoder h_n", encoder["h_n"].Values, h);
        var decoder = Run(
            File.ReadAllBytes(decoderPath),
            new Feed("inputs", next, [batch, 1, model.DecoderWidth]),
            new Feed("h0", encoder["h_n"].Values, [1, batch, 4]),
            new Feed("c0", encoder["c_n"].Values, [1, batch, 4])
        );
        AssertClose(
            "decoder log_std",
            decoder["log_std"].Values,
            gaussian.ToArray().Where((_, i) => i % 2 == 1).ToArray()
        );
        var whole = Run(
            File.ReadAllBytes(onnx),
            new Feed("history", past, [batch, history, model.EncoderWidth]),
            new Feed("decoder_inputs", next, [batch, 1, model.DecoderWidth])
        );
        AssertClose("whole mean", whole["mean"].Values, decoder["mean"].Values);
        var metadata = Metadata(File.ReadAllBytes(decoderPath));
        Assert.Equal("decoder", metadata["part"]);
        Assert.Equal("extra", metadata["covariates"]);
        Assert.Single(metadata["covariate_scale"].Split(','));
    }

    [Fact]
    public void BothLabellersExport()
    {
        string csv = Path.Combine(_directory, "weather.csv");
        SyntheticWeather.Write(csv);
        string directory = Path.Combine(_directory, "label");
        var (code, output, error) = Invoke(
            "label",
            "--csv",
            csv,
            "--window",
            "5",
            "--hidden",
            "3",
            "--max-steps",
            "3",
            "--eval-every",
            "1",
            "--batch-size",
            "4",
            "--out",
            directory
        );
        Assert.True(code == 0, error);

        foreach (var name in new[] { "bidirectional", "one_to_one" })
        {
            string checkpoint = Path.Combine(directory, $"{name}.safetensors");
            Assert.Contains($"{name}_checkpoint={checkpoint}", output);
            string onnx = Path.Combine(_directory, $"{name}.onnx");
            (code, _, error) = Invoke("export", "--model", checkpoint, "--out", _directory);
            Assert.True(code == 0, error);
            var model = SequenceLabeller.Load(SafeTensorsFile.Read(checkpoint));
            var x = RandomValues(new RandomGenerator(5), 2 * 5 * 4);
            using var noGrad = Tape.NoGrad();
            var logits = model.Forward(Tensor.FromArray(x, 2, 5, 4));
            var ort = Run(File.ReadAllBytes(onnx), new Feed("inputs", x, [2, 5, 4]));
            AssertClose($"{name} logits", ort["logits"].Values, logits.Span);
            var metadata = Metadata(File.ReadAllBytes(onnx));
            Assert.Equal("[\"fog\",\"rain\",\"sun\"]", metadata["labels"]);
            Assert.Equal("precipitation", metadata["log1p_columns"]);
            Assert.Contains("scaler", metadata.Keys);
        }
    }

    [Fact]
    public void AdditionModelExportsTheWholePassAndItsParts()
    {
        var (checkpoint, onnx, output) = TrainAndExport(
            "addition",
            "seq2seq",
            "addition",
            "--digits",
            "2",
            "--hidden",
            "8",
            "--embedding",
            "4",
            "--max-steps",
            "2",
            "--batch-size",
            "8",
            "--test",
            "10",
            "--eval-every",
            "2"
        );

        Assert.Contains("kind=char-seq2seq", output);
        Assert.Contains("inputs=question,decoder_tokens", output);
        Assert.Contains("encoder_outputs=h_n,c_n", output);
        var model = CharSeq2Seq.Load(SafeTensorsFile.Read(checkpoint));
        string[] questions = ["12+34", "5+6"];
        var question = model.QuestionTokens(questions);
        int[] decoderTokens = [12, 4, 12, 1];
        using var noGrad = Tape.NoGrad();
        var (logits, _) = model.Decode(decoderTokens, 2, model.Encode(question, 2));
        var ort = Run(
            File.ReadAllBytes(onnx),
            new Feed("question", question.Select(v => (long)v).ToArray(), [2, model.QuestionLength]),
            new Feed("decoder_tokens", decoderTokens.Select(v => (long)v).ToArray(), [2, 2])
        );
        AssertClose("logits", ort["logits"].Values, logits.Span);
        Assert.True(File.Exists(Path.Combine(_directory, "addition", "model.encoder.onnx")));
        Assert.True(File.Exists(Path.Combine(_directory, "addition", "model.decoder.onnx")));
    }
}
