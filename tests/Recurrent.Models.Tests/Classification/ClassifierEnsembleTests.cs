using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierEnsembleTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Members with their own scaler and framing, as the models of different folds have.
    private static SequenceClassifier Member(ulong seed, float scale, int frame, params string[] labels) =>
        new(
            new SequenceClassifierConfig(
                CellKind.Gru,
                Channels: 2,
                HiddenSize: 4,
                Layers: 1,
                Bidirectional: false,
                SequencePooling.Last,
                Dropout: 0f,
                frame,
                new LabelSet(labels.Length > 0 ? labels : ["a", "b", "c"]),
                ChannelScaler.Fit([new float[] { 0, 0, scale, 2 * scale, -scale, 1 }], 2, ScalingKind.Standardize)
            ),
            new RandomGenerator(seed)
        );

    private static TimeSeriesDataset Series()
    {
        var rng = new RandomGenerator(9);
        var series = new[] { 5, 3, 8, 1 }
            .Select(n =>
            {
                var s = new float[n * 2];
                rng.FillUniform(s, -2f, 2f);
                return s;
            })
            .ToArray();
        return new TimeSeriesDataset("series", 2, series, ["a", "b", "c", "a"]);
    }

    [Fact]
    public void ProbabilitiesAreTheMeanOfTheMembersOwnPredictions()
    {
        SequenceClassifier[] members = [Member(1, 1f, 1), Member(2, 3f, 2), Member(3, 0.5f, 3)];
        var data = Series();

        var mean = new ClassifierEnsemble(members).PredictProbabilities(data);

        var each = members.Select(m => m.PredictProbabilities(ClassifierInput.Prepare(data, m.Config))).ToArray();
        for (int i = 0; i < mean.Length; i++)
            Assert.Equal((each[0][i] + each[1][i] + each[2][i]) / 3f, mean[i], 1e-6f);
        var alone = new ClassifierEnsemble([members[1]]);
        Assert.Equal(each[1], alone.PredictProbabilities(data));
        Assert.Equal(members[1].Predict(ClassifierInput.Prepare(data, members[1].Config)), alone.Predict(data));
    }

    [Fact]
    public void MembersMustAgreeOnTheLabels()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new ClassifierEnsemble([Member(1, 1f, 1), Member(2, 1f, 1, "a", "c", "b")])
        );
        Assert.Contains("the labels [a, c, b] differ from [a, b, c]", e.Message);
    }

    [Fact]
    public void LoadsTheFoldCheckpointsOfADirectoryInFoldOrder()
    {
        SequenceClassifier[] members = [Member(1, 1f, 1), Member(2, 3f, 2), Member(3, 0.5f, 1)];
        // Written out of order and past 9, so that the order must be numeric, not by name or by creation.
        int[] folds = [10, 2, 1];
        for (int i = 0; i < members.Length; i++)
            StateDict.Save(
                Path.Combine(_directory.Path, $"fold-{folds[i]}", "best.safetensors"),
                members[i].NamedState(),
                members[i].Config.ToMetadata()
            );
        Directory.CreateDirectory(Path.Combine(_directory.Path, "fold-3"));
        var data = Series();

        var loaded = ClassifierEnsemble.Load(_directory.Path);

        SequenceClassifier[] inFoldOrder = [members[2], members[1], members[0]];
        Assert.Equal(3, loaded.Members.Count);
        for (int i = 0; i < 3; i++)
            Assert.Equal(
                inFoldOrder[i].PredictProbabilities(ClassifierInput.Prepare(data, inFoldOrder[i].Config)),
                loaded.Members[i].PredictProbabilities(ClassifierInput.Prepare(data, loaded.Members[i].Config))
            );
        Assert.Equal(
            new ClassifierEnsemble(members).PredictProbabilities(data),
            loaded.PredictProbabilities(data),
            (x, y) => Math.Abs(x - y) < 1e-6f
        );
    }

    [Fact]
    public void ADirectoryWithoutFoldCheckpointsIsAClearError()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ClassifierEnsemble.Load(_directory.Path));
        Assert.Contains($"{_directory.Path}: the directory holds no fold-N/best.safetensors", e.Message);
    }
}
