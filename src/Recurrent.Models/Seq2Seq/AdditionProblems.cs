using Recurrent.Tensors;
using System.Globalization;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Generated addition problems as text, after Keras's <c>addition_rnn</c> example: the question is <c>"535+61"</c>
/// and the answer <c>"596"</c>. Each operand is uniform in <c>[0, 10^MaxDigits)</c>, or, with
/// <see cref="DigitCountFirst"/>, has 1 to <see cref="MaxDigits"/> digits, the count drawn uniformly and then each
/// digit (Keras's way, which makes short problems frequent: there are only 100 one-digit sums).
/// </summary>
public sealed class AdditionProblems(int maxDigits = 3, bool digitCountFirst = false)
{
    /// <summary>Whether an operand's digit count is drawn first (Keras) rather than the operand uniformly.</summary>
    public bool DigitCountFirst { get; } = digitCountFirst;

    /// <summary>The most digits of an operand.</summary>
    public int MaxDigits { get; } = maxDigits;

    /// <summary>The longest question, <c>999+999</c>.</summary>
    public int QuestionLength => 2 * MaxDigits + 1;

    /// <summary>The longest answer.</summary>
    public int AnswerLength => MaxDigits + 1;

    /// <summary>How many different questions there are: every pair of operands below <c>10^MaxDigits</c>.</summary>
    public long DistinctQuestions => (long)Math.Pow(10, 2 * MaxDigits);

    /// <summary>Draws one question and its answer.</summary>
    public (string Question, string Answer) Next(RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int a = Operand(rng),
            b = Operand(rng);
        return (
            $"{a.ToString(CultureInfo.InvariantCulture)}+{b.ToString(CultureInfo.InvariantCulture)}",
            (a + b).ToString(CultureInfo.InvariantCulture)
        );
    }

    /// <summary>
    /// Draws <paramref name="count"/> distinct problems whose questions are not in <paramref name="excluded"/>.
    /// </summary>
    public List<(string Question, string Answer)> Distinct(
        int count,
        RandomGenerator rng,
        IReadOnlySet<string>? excluded = null
    )
    {
        ArgumentNullException.ThrowIfNull(rng);
        long left = DistinctQuestions - (excluded?.Count ?? 0);
        if (count > left)
            throw new ArgumentException(
                $"{count} distinct problems were asked for, but operands of up to {MaxDigits} digit(s) give only "
                    + $"{DistinctQuestions} questions, {left} of them not excluded.",
                nameof(count)
            );
        var seen = new HashSet<string>();
        var problems = new List<(string, string)>();
        while (problems.Count < count)
        {
            var p = Next(rng);
            if ((excluded?.Contains(p.Question) ?? false) || !seen.Add(p.Question))
                continue;
            problems.Add(p);
        }
        return problems;
    }

    private int Operand(RandomGenerator rng)
    {
        int digits = DigitCountFirst ? 1 + rng.NextInt(MaxDigits) : MaxDigits,
            value = 0;
        for (int d = 0; d < digits; d++)
            value = value * 10 + rng.NextInt(10);
        return value;
    }
}
