using Microsoft.ML.OnnxRuntime;
using Recurrent.Bench.Harness;
using Recurrent.Onnx;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// ONNX Runtime's side of <see cref="LstmClassificationSpec"/>: the classifier exported by Recurrent.Onnx, one
/// <c>InferenceSession.Run</c> per batch with the input and output buffers bound once.
/// </summary>
internal sealed class OnnxRuntimeLstmClassification : IBenchWorkload
{
    private readonly LstmClassificationSpec _spec;
    private readonly InferenceSession _session;
    private readonly OrtValue _series;
    private readonly OrtValue _probabilities;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;

    /// <summary>Exports the model and opens a session with <paramref name="threads"/> intra-op threads.</summary>
    public OnnxRuntimeLstmClassification(LstmClassificationSpec spec, int threads)
    {
        _spec = spec;
        _session = OnnxRuntimeSessions.Open(OnnxExport.ToBytes(new LstmClassifierModel(spec)), threads);
        using var series = OursLstmClassification.RandomSeries(spec);
        _series = OrtValue.CreateTensorValueFromMemory(series.ToArray(), [spec.Batch, spec.Steps, spec.Features]);
        _probabilities = OrtValue.CreateTensorValueFromMemory(
            new float[spec.Batch * spec.Classes],
            [spec.Batch, spec.Classes]
        );
        _binding = _session.CreateIoBinding();
        _binding.BindInput("series", _series);
        _binding.BindOutput("probabilities", _probabilities);
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Batch;

    /// <inheritdoc />
    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        _series.Dispose();
        _probabilities.Dispose();
        _session.Dispose();
    }
}
