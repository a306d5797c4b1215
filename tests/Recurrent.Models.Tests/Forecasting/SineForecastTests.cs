using Recurrent.Models.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class SineForecastTests
{
    [Theory]
    [InlineData(ForecastModelKind.Autoregressive)]
    [InlineData(ForecastModelKind.EncoderDecoder)]
    public void TinyForecasterLearnsASineWave(ForecastModelKind kind)
    {
        var series = Enumerable.Range(0, 150).Select(t => MathF.Sin(2 * MathF.PI * t / 12)).ToArray();
        var experiment = new ForecastExperiment
        {
            Model = kind,
            History = 12,
            Horizon = 12,
            TestRows = 12,
            Season = 12,
            Hidden = 16,
            Steps = 300,
            Batch = 16,
            LearningRate = 1e-2,
            Samples = 20,
            Seed = 3,
        };

        var report = experiment.Run(series, null, [], 0, null);

        Assert.True(
            report.Model.Mae < 0.15,
            $"{kind}: MAE {report.Model.Mae} on a unit sine; the naive forecast's is {report.Naive.Mae}."
        );
        Assert.True(report.Model.Mae < report.Naive.Mae / 4);
    }
}
