using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void ReduceOnPlateauMatchesPyTorch()
    {
        var file = TrainingFixtures.Read("clipping_and_plateau.safetensors");
        var metrics = file.ReadFloats("plateau/metrics");
        var expected = file.ReadFloats("plateau/lrs");
        var schedule = new ReduceOnPlateauSchedule(
            1.0,
            factor: 0.5,
            patience: 2,
            threshold: 1e-3,
            cooldown: 1,
            minLearningRate: 0.1
        );
        for (int i = 0; i < metrics.Length; i++)
        {
            schedule.ReportValidationLoss(metrics[i]);
            Assert.Equal(expected[i], schedule.LearningRate(0, 0), 1e-6);
        }
    }

    [Fact]
    public void PlateauStateRoundTrips()
    {
        var a = new ReduceOnPlateauSchedule(1.0, factor: 0.5, patience: 1);
        foreach (var m in new[] { 1.0, 1.0, 1.0, 0.5, 0.6 })
            a.ReportValidationLoss(m);
        var b = new ReduceOnPlateauSchedule(1.0, factor: 0.5, patience: 1);
        b.ImportState(a.ExportState());
        a.ReportValidationLoss(0.7);
        b.ReportValidationLoss(0.7);
        Assert.Equal(a.LearningRate(0, 0), b.LearningRate(0, 0));
        Assert.Equal(0.25, a.LearningRate(0, 0));
    }

    [Fact]
    public void ExponentialDecaysAfterTheStartEpochAsCharRnn()
    {
        var s = new ExponentialSchedule(2e-3, 0.97, startEpoch: 10);
        Assert.Equal(2e-3, s.LearningRate(0, 0));
        Assert.Equal(2e-3, s.LearningRate(0, 9));
        Assert.Equal(2e-3 * 0.97, s.LearningRate(0, 10), 12);
        Assert.Equal(2e-3 * 0.97 * 0.97, s.LearningRate(0, 11), 12);
    }

    [Fact]
    public void StepScheduleIsStepLR()
    {
        var s = new StepSchedule(1.0, stepSize: 3, gamma: 0.5);
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25], Enumerable.Range(0, 7).Select(e => s.LearningRate(0, e)));
        var bySteps = new StepSchedule(1.0, stepSize: 2, gamma: 0.1, countSteps: true);
        Assert.Equal(0.1, bySteps.LearningRate(3, 0), 12);
    }

    [Fact]
    public void CosineWarmsUpLinearlyThenDecaysToTheMinimum()
    {
        var s = new CosineSchedule(1.0, totalSteps: 110, warmupSteps: 10, minLearningRate: 0.1);
        Assert.Equal(0.1, s.LearningRate(0, 0), 12);
        Assert.Equal(1.0, s.LearningRate(9, 0), 12);
        Assert.Equal(1.0, s.LearningRate(10, 0), 12);
        Assert.Equal(0.55, s.LearningRate(60, 0), 12);
        Assert.Equal(0.1, s.LearningRate(110, 0), 12);
        Assert.Equal(0.1, s.LearningRate(500, 0), 12);
    }
}
