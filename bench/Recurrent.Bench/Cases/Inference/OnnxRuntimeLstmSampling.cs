using Microsoft.ML.OnnxRuntime;
using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Bench.Harness;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// ONNX Runtime's side of <see cref="LstmSamplingSpec"/>: the model exported by Recurrent.Onnx, one session run per
/// token on a <c>[1, 1]</c> token with the state fed back. Two I/O bindings over two state buffers are made once
/// (A in, B out; B in, A out) and alternate, so no step allocates or copies the state; the draw is done in .NET.
/// </summary>
internal sealed class OnnxRuntimeLstmSampling : IBenchWorkload
{
    private readonly LstmSamplingSpec _spec;
    private readonly InferenceSession _session;
    private readonly long[] _token = new long[1];
    private readonly float[] _probabilities;
    private readonly float[][] _states;
    private readonly List<OrtValue> _values = [];
    private readonly OrtIoBinding[] _bindings;
    private readonly RunOptions _runOptions = new();
    private readonly RandomGenerator _draws = new(3);

    /// <summary>Exports the model and opens a session with <paramref name="threads"/> intra-op threads.</summary>
    public OnnxRuntimeLstmSampling(LstmSamplingSpec spec, int threads)
    {
        _spec = spec;
        _session = OnnxRuntimeSessions.Open(OnnxExport.ToBytes(new LstmSamplerModel(spec)), threads);
        _probabilities = new float[spec.Vocabulary];
        long[] stateShape = [spec.Layers, 1, spec.Hidden];
        // h and c of state buffer A, then of B
        _states = [.. Enumerable.Range(0, 4).Select(_ => new float[spec.Layers * spec.Hidden])];
        var token = Value(OrtValue.CreateTensorValueFromMemory(_token, [1, 1]));
        var probabilities = Value(OrtValue.CreateTensorValueFromMemory(_probabilities, [1, 1, spec.Vocabulary]));
        var states = _states.Select(s => Value(OrtValue.CreateTensorValueFromMemory(s, stateShape))).ToArray();
        _bindings = new OrtIoBinding[2];
        for (int from = 0; from < 2; from++)
        {
            int to = 1 - from;
            var binding = _session.CreateIoBinding();
            binding.BindInput("tokens", token);
            binding.BindInput("h0", states[2 * from]);
            binding.BindInput("c0", states[2 * from + 1]);
            binding.BindOutput("probabilities", probabilities);
            binding.BindOutput("h_n", states[2 * to]);
            binding.BindOutput("c_n", states[2 * to + 1]);
            _bindings[from] = binding;
        }
    }

    private OrtValue Value(OrtValue value)
    {
        _values.Add(value);
        return value;
    }

    /// <inheritdoc />
    public double WorkPerRun => _spec.Tokens;

    /// <inheritdoc />
    public void Run()
    {
        foreach (var state in _states)
            Array.Clear(state);
        _token[0] = 0;
        for (int t = 0; t < _spec.Tokens; t++)
        {
            _session.RunWithBinding(_runOptions, _bindings[t % 2]);
            _token[0] = LstmSamplerModel.Draw(_probabilities, _draws.NextFloat());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var binding in _bindings)
            binding.Dispose();
        foreach (var value in _values)
            value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
