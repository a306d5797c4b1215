namespace Recurrent.Datasets;

/// <summary>
/// The contents of an IDX file: its shape (for MNIST images <c>[N, 28, 28]</c>, labels <c>[N]</c>) and the bytes,
/// row-major.
/// </summary>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Data">The values, row-major.</param>
public sealed record IdxArray(int[] Shape, byte[] Data);
