using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;

namespace Recurrent.Tests.Seq2Seq;

public class BeamSearchTests
{
    [Fact]
    public void BeamOfOneEqualsGreedy()
    {
        var problems = new AdditionProblems(3);
        var rng = new RandomGenerator(7);
        var model = new CharSeq2Seq(new CharSeq2SeqConfig(problems.QuestionLength, problems.AnswerLength, 8, 16), rng);
        model.Eval();
        var questions = problems.Distinct(40, rng).Select(p => p.Question).ToList();

        var greedy = model.Greedy(questions);

        for (int i = 0; i < questions.Count; i++)
            Assert.Equal(greedy[i], model.Beam(questions[i], 1));
    }
}
