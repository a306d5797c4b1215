using Recurrent.Datasets;
using Recurrent.Models.Drawing;

namespace Recurrent.Tests.Drawing;

public sealed class DrawingEnsembleTests
{
    private static DrawingModel Model(ulong seed, string labels = "ab") =>
        new(TinyDrawingModel.Create(labels: labels, flagsPerGaussian: true).Config, seed);

    private static List<StrokeSequence> Drawings() =>
        [
            new([0.3f, 0.1f, 0f, 0.2f, -0.1f, 1f], "a"),
            new([-0.1f, 0.4f, 1f], "b"),
            new([0.1f, 0.1f, 1f, 0.2f, 0f, 0f, 0f, 0.3f, 1f], "a"),
        ];

    [Fact]
    public void OneMemberScoresAsTheModelAlone()
    {
        var model = Model(1);
        var alone = model.NegativeLogLikelihood(Drawings());
        Assert.Equal(alone, new DrawingEnsemble([model]).NegativeLogLikelihood(Drawings()));
    }

    [Fact]
    public void TheDensityOfEveryPointIsTheMeanOfTheMembers()
    {
        DrawingModel first = Model(1),
            second = Model(2);
        // A drawing of one point is scored by that point alone, so the members' densities of each point are known.
        var points = new List<StrokeSequence>
        {
            new([0.3f, 0.1f, 1f], "a"),
            new([-0.2f, 0.5f, 1f], "b"),
            new([0.05f, -0.3f, 1f], "a"),
        };
        double strokes = 0,
            ends = 0;
        foreach (var point in points)
        {
            var a = first.NegativeLogLikelihood([point]);
            var b = second.NegativeLogLikelihood([point]);
            double stroke = -Math.Log((Math.Exp(-a.PerPoint) + Math.Exp(-b.PerPoint)) / 2);
            double full = -Math.Log(
                (Math.Exp(-a.PerPoint - a.EndOfDrawingPerPoint) + Math.Exp(-b.PerPoint - b.EndOfDrawingPerPoint)) / 2
            );
            strokes += stroke;
            ends += full - stroke;
        }

        var ensemble = new DrawingEnsemble([first, second]).NegativeLogLikelihood(points);

        Assert.Equal(3, ensemble.Points);
        Assert.Equal(strokes / 3, ensemble.PerPoint, 10);
        Assert.Equal(ends / 3, ensemble.EndOfDrawingPerPoint, 10);
    }

    [Fact]
    public void AModelTwiceScoresAsTheModelAlone()
    {
        var model = Model(3);
        var alone = model.NegativeLogLikelihood(Drawings());
        var twice = new DrawingEnsemble([model, model]).NegativeLogLikelihood(Drawings());
        Assert.Equal(alone.PerPoint, twice.PerPoint, 10);
        Assert.Equal(alone.EndOfDrawingPerPoint, twice.EndOfDrawingPerPoint, 10);
    }

    [Fact]
    public void MembersThatDrawOtherCharactersAreAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new DrawingEnsemble([Model(1), Model(2, "abc")]));
        Assert.Contains("model 1 draws 'ab' and model 2 'abc'", error.Message);
        Assert.Throws<ArgumentException>(() => new DrawingEnsemble([]));
    }

    [Fact]
    public void OneMemberDrawsWhatTheModelAloneDraws()
    {
        var model = Model(4);
        var alone = new DrawingSampler(model).Sample([0, 1, 1], bias: 0, temperature: 1, seed: 7);
        var ensemble = new DrawingSampler(new DrawingEnsemble([model])).Sample(
            [0, 1, 1],
            bias: 0,
            temperature: 1,
            seed: 7
        );
        Assert.Equal(alone.Select(d => d.Points), ensemble.Select(d => d.Points));
    }

    [Fact]
    public void AnEnsembleDrawsEachRequestedCharacterTheSameWayForTheSameSeed()
    {
        var ensemble = new DrawingEnsemble([Model(5), Model(6)]);
        var first = new DrawingSampler(ensemble).Sample([0, 1, 0], bias: 0.5, temperature: 1, seed: 9);
        var again = new DrawingSampler(ensemble).Sample([0, 1, 0], bias: 0.5, temperature: 1, seed: 9);

        Assert.Equal(["a", "b", "a"], first.Select(d => d.Label));
        Assert.Equal(first.Select(d => d.Points), again.Select(d => d.Points));
        foreach (var drawing in first)
        {
            Assert.InRange(drawing.Length, 1, ensemble.MaxPoints);
            Assert.Equal(1f, drawing.Points[^1]); // the last point lifts the pen
            Assert.All(drawing.Points, v => Assert.True(float.IsFinite(v)));
        }
    }
}
