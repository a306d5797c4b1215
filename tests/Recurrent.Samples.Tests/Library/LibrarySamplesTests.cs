using Recurrent.Samples;

namespace Recurrent.Tests.Library;

/// <summary>
/// Runs each program of docs/LIBRARY.md (samples/Recurrent.Samples) as a user would, in a directory of its own, and
/// checks what it promises: an accurate classifier, PyTorch's outputs, the same scores in ONNX Runtime and ML.NET.
/// </summary>
public sealed class LibrarySamplesTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("recurrent-library-").FullName;
    private readonly StringWriter _log = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(_workDir, recursive: true);
        _log.Dispose();
    }

    [Fact]
    public void TheClassifierLearnsTheSeriesAndReloads()
    {
        double accuracy = ClassifySeries.Run(_log, _workDir);

        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy}\n{_log}");
        Assert.True(File.Exists(Path.Combine(_workDir, "run", "best.safetensors")));
        Assert.True(File.Exists(Path.Combine(_workDir, "run", "metrics.jsonl")));
        Assert.Contains("accuracy", _log.ToString());
        Assert.Contains("same predictions", _log.ToString());
    }

    [Fact]
    public void ThePyTorchLstmGivesPyTorchsOutputs()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures");

        double difference = LoadPyTorchLstm.Run(_log, Path.Combine(fixtures, "torch_lstm.safetensors"),
            Path.Combine(fixtures, "torch_lstm_io.safetensors"));

        Assert.InRange(difference, 0, 1e-5);
        Assert.Contains("output [5, 2, 8]", _log.ToString());
    }

    [Fact]
    public void TheExportedFileGivesTheSameScoresInOnnxRuntimeAndMlNet()
    {
        double difference = ExportToOnnx.Run(_log, _workDir);

        Assert.InRange(difference, 0, 1e-5);
        Assert.True(File.Exists(Path.Combine(_workDir, "classifier.onnx")));
    }

    [Fact]
    public void TheTapeLoopTrainsTheClassifier()
    {
        double accuracy = TrainWithTape.Run(_log);

        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy}\n{_log}");
    }

    [Fact]
    public void TheCharModelWritesTextItLearned()
    {
        string text = GenerateText.Run(_log);

        Assert.StartsWith("So long", text);
        Assert.Equal("So long".Length + 120, text.Length);
        // After 250 steps on one sonnet the model has it nearly by heart: most of the words it writes are the sonnet's.
        char[] separators = [' ', '\n', ',', ';', ':', '.', '?'];
        var sonnetWords = GenerateText.Sonnet.Split(separators, StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var written = text.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        double known = written.Count(sonnetWords.Contains) / (double)written.Length;
        Assert.True(known >= 0.5, $"{known:P0} of the words are the sonnet's:\n{text}");
    }
}
