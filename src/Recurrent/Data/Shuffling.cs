using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Fisher-Yates shuffling with the project's saveable generator, so a seed reproduces an epoch's order.
/// </summary>
internal static class Shuffling
{
    /// <summary>Puts <paramref name="items"/> in a uniformly random order.</summary>
    public static void Shuffle<T>(T[] items, RandomGenerator random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
