namespace Recurrent.Kernels;

/// <summary>
/// Merges a partial register tile, spilled to a buffer, into C: the bottom and right edges of a GEMM.
/// </summary>
internal static class GemmTileStore
{
    /// <summary>
    /// <c>C[i, j] = tile[i, j] + beta * C[i, j]</c> for the valid <paramref name="rows"/> x <paramref name="columns"/>;
    /// beta 0 overwrites.
    /// </summary>
    public static unsafe void Merge(float* tile, int tileStride, float* c, int ldc, float beta, int rows, int columns)
    {
        for (int i = 0; i < rows; i++)
        {
            float* t = tile + i * tileStride;
            float* ci = c + (long)i * ldc;
            if (beta == 0f)
                for (int j = 0; j < columns; j++)
                    ci[j] = t[j];
            else
                for (int j = 0; j < columns; j++)
                    ci[j] = t[j] + beta * ci[j];
        }
    }
}
