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
    public void TheDensityOfEveryDrawingIsTheMeanOfTheMembers()
    {
        DrawingModel first = Model(1),
            second = Model(2);
        double strokes = 0,
            ends = 0;
        long points = 0;
        foreach (var drawing in Drawings())
        {
            var a = first.NegativeLogLikelihood([drawing]);
            var b = second.NegativeLogLikelihood([drawing]);
            double stroke = -Math.Log((Math.Exp(-a.PerPoint * a.Points) + Math.Exp(-b.PerPoint * b.Points)) / 2);
            double full = -Math.Log(
                (
                    Math.Exp(-(a.PerPoint + a.EndOfDrawingPerPoint) * a.Points)
                    + Math.Exp(-(b.PerPoint + b.EndOfDrawingPerPoint) * b.Points)
                ) / 2
            );
            strokes += stroke;
            ends += full - stroke;
            points += drawing.Length;
        }

        var ensemble = new DrawingEnsemble([first, second]).NegativeLogLikelihood(Drawings());

        Assert.Equal(6, ensemble.Points);
        // Scored one drawing at a time or in one batch, the float kernels sum in another order.
        Assert.Equal(strokes / points, ensemble.PerPoint, 6);
        Assert.Equal(ends / points, ensemble.EndOfDrawingPerPoint, 6);
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
            Assert.InRange(drawing.Length, 1, ensemble.Config.MaxPoints);
            Assert.Equal(1f, drawing.Points[^1]); // the last point lifts the pen
            Assert.All(drawing.Points, v => Assert.True(float.IsFinite(v)));
        }
    }
}
