using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Everything the <see cref="Trainer{TBatch}"/> needs to know about a model, behind one object: its parameters and
/// buffers under their state-dict names (what checkpoints hold), the loss of a batch, the switch between training and
/// evaluation mode, and the recurrent state it carries from batch to batch, if any. A
/// <see cref="Layers.Module"/> that has a <c>Loss(batch, context)</c> method implements it by declaring it;
/// <see cref="Trainable.From{TBatch}"/> wraps a module and a loss function given apart.
/// </summary>
/// <typeparam name="TBatch">What the batch source yields and the loss consumes.</typeparam>
public interface ITrainable<in TBatch>
{
    /// <summary>The trainable parameters with their state-dict names; the optimiser steps the same tensors.</summary>
    IEnumerable<(string Name, Tensor Value)> NamedParameters();

    /// <summary>Tensors that are state but not trained (batch normalisation's running statistics), by name.</summary>
    IEnumerable<(string Name, Tensor Value)> NamedBuffers();

    /// <summary>
    /// The scalar loss of <paramref name="batch"/> (the mean over its items), recorded on the current tape when one
    /// is recording. Draw every random number from <see cref="TrainingContext.Random"/>.
    /// </summary>
    Tensor Loss(TBatch batch, TrainingContext context);

    /// <summary>Switches to training mode (dropout active); the trainer calls it before training steps.</summary>
    void Train();

    /// <summary>Switches to evaluation mode; the trainer calls it for validation passes.</summary>
    void Eval();

    /// <summary>
    /// The recurrent state the model carries from batch to batch; by default the model itself, if it is one.
    /// </summary>
    ICarriedState? CarriedState => this as ICarriedState;
}
