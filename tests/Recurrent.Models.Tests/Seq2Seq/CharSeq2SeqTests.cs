using Recurrent.Autograd;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Tests.Seq2Seq;

public class CharSeq2SeqTests
{
    [Fact]
    public void GreedyDecodingPicksTheMostLikelyCharacterOfTheTeacherForcedForward()
    {
        var problems = new AdditionProblems(2);
        var rng = new RandomGenerator(11);
        var model = new CharSeq2Seq(new CharSeq2SeqConfig(problems.QuestionLength, problems.AnswerLength, 8, 16), rng);
        model.Eval();
        var questions = problems.Distinct(20, rng).Select(p => p.Question).ToList();
        var answers = model.Greedy(questions);
        int v = CharSeq2Seq.Alphabet.Length;

        using var noGrad = Tape.NoGrad();
        for (int i = 0; i < questions.Count; i++)
        {
            // The start mark, then the greedy answer: each next character is the most likely after those before.
            var decoder = ("^" + answers[i]).Select(c => CharSeq2Seq.Alphabet.IndexOf(c)).ToArray();
            var (logits, state) = model.Forward(model.QuestionTokens([questions[i]]), decoder, 1);
            using (state)
            using (logits)
            {
                for (int t = 0; t < decoder.Length; t++)
                {
                    int best = TensorPrimitives.IndexOfMax(logits.Span.Slice(t * v, v));
                    if (t < answers[i].Length)
                        Assert.Equal(answers[i][t], CharSeq2Seq.Alphabet[best]);
                    else if (answers[i].Length <= problems.AnswerLength)
                        Assert.Equal('$', CharSeq2Seq.Alphabet[best]);
                }
            }
        }
    }
}
