using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>Fisher-Yates shuffling with the project's saveable generator, so a seed reproduces an epoch's order.</summary>
internal static class Shuffling
{
    /// <summary>Puts <paramref name="order"/> in a uniformly random order.</summary>
    public static void Shuffle(int[] order, RandomGenerator random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
