namespace Recurrent.Training;

/// <summary>
/// PyTorch's <c>StepLR</c>: the learning rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/>
/// epochs (or steps, when <see cref="CountSteps"/> is set): <c>lr = base * gamma^floor(t / step_size)</c>.
/// </summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public StepSchedule(double baseLearningRate, int stepSize, double gamma = 0.1, bool countSteps = false)
        : base(baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        StepSize = stepSize;
        Gamma = gamma;
        CountSteps = countSteps;
    }

    /// <summary>The number of epochs (or steps) between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <summary>Whether <see cref="StepSize"/> counts optimiser steps rather than epochs.</summary>
    public bool CountSteps { get; }

    /// <inheritdoc />
    public override double LearningRate(long step, int epoch) =>
        BaseLearningRate * Math.Pow(Gamma, (CountSteps ? step : epoch) / StepSize);
}
