using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>What the loss function is told about the step it computes.</summary>
/// <param name="IsTraining">True for a training step (dropout active, recurrent state carried), false for
/// validation.</param>
/// <param name="Step">The number of optimiser steps taken before this one.</param>
/// <param name="Epoch">The epoch, counted from 0.</param>
/// <param name="Random">The generator to draw every random number (dropout masks) from: the trainer's, saved in
/// checkpoints, during training; a fresh one for each validation pass.</param>
public sealed record TrainingContext(bool IsTraining, long Step, int Epoch, RandomGenerator Random);
