using System.Collections;
using System.Globalization;

namespace Recurrent.Layers;

/// <summary>
/// Modules held in a list, as PyTorch's <c>nn.ModuleList</c>: registered as <c>0</c>, <c>1</c>, ..., so that a
/// model that registers the list as <c>conv</c> names their parameters <c>conv.0.weight</c>, <c>conv.1.bias</c>.
/// It has no forward pass of its own; the model runs the modules as it needs.
/// </summary>
/// <typeparam name="T">The kind of module held.</typeparam>
public sealed class ModuleList<T> : Module, IReadOnlyList<T>
    where T : Module
{
    private readonly T[] _modules;

    /// <summary>Holds and registers <paramref name="modules"/>, in the order given.</summary>
    public ModuleList(IEnumerable<T> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = [.. modules];
        for (int i = 0; i < _modules.Length; i++)
            RegisterModule(i.ToString(CultureInfo.InvariantCulture), _modules[i]);
    }

    /// <inheritdoc />
    public int Count => _modules.Length;

    /// <inheritdoc />
    public T this[int index] => _modules[index];

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_modules).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
