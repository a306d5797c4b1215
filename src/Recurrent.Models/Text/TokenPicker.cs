using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Models.Text;

/// <summary>
/// Picks a token from a vector of next-token scores by <see cref="SamplingOptions"/> (temperature, top-k, top-p,
/// greedy), with every buffer made once, so picking allocates nothing. <see cref="CharSampler"/> picks with one; a
/// caller that steps many streams at once (a server batching requests) picks each stream's token with one too, and
/// gets exactly the tokens a sampler alone would for the same scores and generator.
/// </summary>
public sealed class TokenPicker
{
    private readonly float[] _probabilities;
    private readonly float[] _sortKeys;
    private readonly int[] _order;

    /// <summary>Prepares a picker for scores over <paramref name="vocabulary"/> tokens.</summary>
    public TokenPicker(int vocabulary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, 1);
        _probabilities = new float[vocabulary];
        _sortKeys = new float[vocabulary];
        _order = new int[vocabulary];
    }

    /// <summary>The number of tokens the scores must have.</summary>
    public int Vocabulary => _probabilities.Length;

    /// <summary>
    /// Picks a token from <paramref name="logits"/> (<see cref="Vocabulary"/> scores) by <paramref name="options"/>,
    /// drawing from <paramref name="random"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The scores are not <see cref="Vocabulary"/> long.</exception>
    public int Pick(ReadOnlySpan<float> logits, SamplingOptions options, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (logits.Length != _probabilities.Length)
            throw new ArgumentException(
                $"Expected {_probabilities.Length} scores, one per token of the vocabulary; got {logits.Length}.",
                nameof(logits)
            );
        if (options.Greedy)
            return TensorPrimitives.IndexOfMax(logits);

        var p = _probabilities.AsSpan();
        TensorPrimitives.Multiply(logits, (float)(1 / options.Temperature), p);
        TensorPrimitives.SoftMax(p, p);
        int kept = p.Length;
        bool truncate = options.TopK > 0 && options.TopK < p.Length || options.TopP < 1;
        if (!truncate)
            return Draw(p, random.NextDouble());

        // Most likely first; the sort works in place on arrays made once.
        for (int i = 0; i < p.Length; i++)
        {
            _sortKeys[i] = -p[i];
            _order[i] = i;
        }
        Array.Sort(_sortKeys, _order);
        if (options.TopK > 0)
            kept = Math.Min(kept, options.TopK);
        if (options.TopP < 1)
        {
            double cumulative = 0;
            for (int i = 0; i < kept; i++)
            {
                cumulative -= _sortKeys[i];
                if (cumulative >= options.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
        }
        double mass = 0;
        for (int i = 0; i < kept; i++)
            mass -= _sortKeys[i];
        double u = random.NextDouble() * mass;
        for (int i = 0; i < kept; i++)
        {
            u += _sortKeys[i];
            if (u < 0)
                return _order[i];
        }
        return _order[kept - 1];
    }

    private static int Draw(ReadOnlySpan<float> probabilities, double u)
    {
        for (int i = 0; i < probabilities.Length; i++)
        {
            u -= probabilities[i];
            if (u < 0)
                return i;
        }
        return probabilities.Length - 1;
    }
}
