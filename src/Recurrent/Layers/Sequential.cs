using Recurrent.Tensors;
using System.Globalization;

namespace Recurrent.Layers;

/// <summary>
/// Tensor-to-tensor modules applied one after another, as PyTorch's <c>nn.Sequential</c>: the children are
/// registered as <c>0</c>, <c>1</c>, ..., so their parameters are named <c>0.weight</c>, <c>2.bias</c> as PyTorch
/// names them.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor>[] _modules;

    /// <summary>Creates the chain; <paramref name="modules"/> run in the order given.</summary>
    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = [.. modules];
        for (int i = 0; i < _modules.Length; i++)
            RegisterModule(i.ToString(CultureInfo.InvariantCulture), _modules[i]);
    }

    /// <summary>The number of modules in the chain.</summary>
    public int Count => _modules.Length;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module<Tensor, Tensor> this[int index] => _modules[index];

    /// <summary>Feeds <paramref name="input"/> through every module in turn; with no modules, returns it.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var module in _modules)
            x = module.Forward(x);
        return x;
    }
}
