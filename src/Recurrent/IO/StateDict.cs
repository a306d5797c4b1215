using Recurrent.Tensors;

namespace Recurrent.IO;

/// <summary>
/// Moves parameters between a model and a safetensors file by their PyTorch state-dict names
/// (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, <c>decoder.weight</c>), so a file that PyTorch's
/// <c>safetensors.torch.save_file(model.state_dict(), ...)</c> wrote loads into the equivalent Recurrent module, and
/// the other way round. It works on named tensors (a module's <c>NamedState()</c>), so that file formats never depend
/// on the layers.
/// </summary>
public static class StateDict
{
    /// <summary>
    /// Tensors whose names start with this prefix hold training state (optimiser, schedule, carried recurrent state)
    /// rather than model weights; loading weights ignores them. PyTorch never makes such a name, since '/' cannot
    /// appear in a module attribute.
    /// </summary>
    public const string TrainingStatePrefix = "training/";

    /// <summary>
    /// Writes <paramref name="state"/> (a module's <c>NamedState()</c>: its parameters and buffers with their
    /// state-dict names) and <paramref name="metadata"/> (its configuration) atomically.
    /// </summary>
    public static void Save(
        string path,
        IEnumerable<(string Name, Tensor Value)> state,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        ArgumentNullException.ThrowIfNull(state);
        SafeTensorsFile.Write(path, state, metadata);
    }

    /// <summary>
    /// Copies the tensors of <paramref name="file"/> into the <paramref name="target"/> tensors of the same names.
    /// Every name and shape is checked before anything is copied, so a failed load leaves the target unchanged.
    /// </summary>
    /// <param name="target">The tensors to fill, with their state-dict names (a module's <c>NamedState()</c>).</param>
    /// <param name="file">The file to read.</param>
    /// <param name="strict">Whether a weight in the file that the target does not have is an error, as in PyTorch's
    /// <c>load_state_dict(strict=True)</c>.</param>
    /// <exception cref="CheckpointFormatException">A tensor is missing or has another shape, or (strict) the file holds
    /// an unexpected one; the message lists them all.</exception>
    public static void Load(IEnumerable<(string Name, Tensor Value)> target, SafeTensorsFile file, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(file);
        var parameters = target.ToList();
        var problems = new List<string>();
        foreach (var (name, tensor) in parameters)
        {
            if (!file.Contains(name))
                problems.Add($"missing tensor '{name}' (expected shape {Shape.Format(tensor.Shape)})");
            else if (!Shape.SameAs(file.Entry(name).Shape, tensor.Shape))
                problems.Add(
                    $"tensor '{name}' has shape {Shape.Format(file.Entry(name).Shape)} in the file but "
                        + $"{Shape.Format(tensor.Shape)} in the model"
                );
        }
        if (strict)
        {
            var expected = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var e in file.Entries)
                if (!expected.Contains(e.Name) && !e.Name.StartsWith(TrainingStatePrefix, StringComparison.Ordinal))
                    problems.Add($"unexpected tensor '{e.Name}' {Shape.Format(e.Shape)} that the model does not have");
        }
        if (problems.Count > 0)
            throw new CheckpointFormatException(
                file.FilePath,
                "the file does not fit the model: " + string.Join("; ", problems) + "."
            );

        foreach (var (name, tensor) in parameters)
            file.ReadFloats(name).CopyTo(tensor.Span);
    }
}
