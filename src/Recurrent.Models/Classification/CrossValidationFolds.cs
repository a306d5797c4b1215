using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>
/// A stratified k-fold split of a labelled set, in the manner of scikit-learn's <c>StratifiedKFold(shuffle=True)</c>:
/// every case is
/// in the validation part of exactly one fold, and each fold holds about the same share of every class. Fold k
/// trains on the other k - 1 folds.
/// </summary>
public sealed class CrossValidationFolds
{
    private readonly int[][] _validation;
    private readonly int _cases;

    /// <summary>
    /// The generator that draws the split of a run seeded with <paramref name="seed"/>, salted so that it differs
    /// from the models' own draws; <c>classify train --folds K</c> and the search share it, so they share folds.
    /// </summary>
    public static RandomGenerator SplitRandom(ulong seed) => new(seed ^ 0xC1A551F1E5UL);

    /// <summary>
    /// The seed of the model of fold <paramref name="fold"/> (1-based) in a run seeded with <paramref name="seed"/>:
    /// each fold's model starts from its own draw, so an ensemble of them does not repeat one initialisation.
    /// </summary>
    public static ulong FoldSeed(ulong seed, int fold) => seed + 0x9E3779B97F4A7C15UL * (ulong)fold;

    private CrossValidationFolds(int[][] validation, int cases)
    {
        _validation = validation;
        _cases = cases;
    }

    /// <summary>
    /// Splits the cases whose labels are <paramref name="labels"/> into <paramref name="folds"/> folds: the cases of
    /// each class, in an order drawn from <paramref name="random"/>, are dealt to the folds in turn, one class after
    /// the other, so fold sizes differ by at most one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of
    /// cases.</exception>
    public static CrossValidationFolds Stratified(IReadOnlyList<string> labels, int folds, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(random);
        if (folds < 2)
            throw new ArgumentOutOfRangeException(
                nameof(folds),
                $"Cross-validation needs at least 2 folds; got {folds}."
            );
        if (folds > labels.Count)
            throw new ArgumentOutOfRangeException(
                nameof(folds),
                $"{folds} folds need at least {folds} cases; there are {labels.Count}."
            );
        var byClass = Enumerable
            .Range(0, labels.Count)
            .GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var members = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToArray();
        int dealt = 0;
        foreach (var group in byClass)
        {
            var order = group.ToArray();
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            foreach (int index in order)
                members[dealt++ % folds].Add(index);
        }
        return new CrossValidationFolds(Array.ConvertAll(members, m => m.Order().ToArray()), labels.Count);
    }

    /// <summary>The number of folds.</summary>
    public int Count => _validation.Length;

    /// <summary>The indices (ascending) of the cases fold <paramref name="fold"/> (0-based) validates on.</summary>
    public IReadOnlyList<int> Validation(int fold) => _validation[fold];

    /// <summary>
    /// The indices (ascending) of the cases fold <paramref name="fold"/> (0-based) trains on: all the others.
    /// </summary>
    public IReadOnlyList<int> Training(int fold)
    {
        var held = new HashSet<int>(_validation[fold]);
        return Enumerable.Range(0, _cases).Where(i => !held.Contains(i)).ToArray();
    }
}
