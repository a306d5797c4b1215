using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>Makes an <see cref="ITrainable{TBatch}"/> of a module and a loss function given apart.</summary>
public static class Trainable
{
    /// <summary>
    /// The <paramref name="module"/>'s parameters, buffers and mode switch with <paramref name="loss"/> as its loss;
    /// <paramref name="carriedState"/> defaults to the module itself when it is an <see cref="ICarriedState"/>.
    /// </summary>
    public static ITrainable<TBatch> From<TBatch>(
        Module module,
        Func<TBatch, TrainingContext, Tensor> loss,
        ICarriedState? carriedState = null
    )
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(loss);
        return new ModuleWithLoss<TBatch>(module, loss, carriedState ?? module as ICarriedState);
    }

    private sealed class ModuleWithLoss<TBatch>(
        Module module,
        Func<TBatch, TrainingContext, Tensor> loss,
        ICarriedState? carriedState
    ) : ITrainable<TBatch>
    {
        public ICarriedState? CarriedState => carriedState;

        public IEnumerable<(string Name, Tensor Value)> NamedParameters() => module.NamedParameters();

        public IEnumerable<(string Name, Tensor Value)> NamedBuffers() => module.NamedBuffers();

        public Tensor Loss(TBatch batch, TrainingContext context) => loss(batch, context);

        public void Train() => module.Train();

        public void Eval() => module.Eval();
    }
}
