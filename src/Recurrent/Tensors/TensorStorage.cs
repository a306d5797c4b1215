namespace Recurrent.Tensors;

/// <summary>
/// The memory behind a tensor and its views, which all see it as returned once the owner is disposed.
/// </summary>
internal sealed class TensorStorage(float[] array, TensorPool? pool)
{
    private bool _returned;

    public float[] Array { get; } = array;

    public void Release()
    {
        if (_returned)
            return;
        _returned = true;
        pool?.Return(Array);
    }

    public void ThrowIfReturned(Tensor tensor)
    {
        if (_returned)
            throw new ObjectDisposedException(
                tensor.ToString(),
                "The tensor's memory was returned to the pool (its owner, or the tape that made it, was disposed)."
            );
    }
}
