using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;

namespace Recurrent.Tests.Seq2Seq;

public class AdditionProblemsTests
{
    [Fact]
    public void AllOneDigitProblemsAreDistinctAndOneMoreIsRefused()
    {
        var problems = new AdditionProblems(1);
        var rng = new RandomGenerator(3);

        Assert.Equal(100, problems.DistinctQuestions);
        Assert.Equal(100, problems.Distinct(100, rng).Select(p => p.Question).Distinct().Count());
        var e = Assert.Throws<ArgumentException>(() => problems.Distinct(101, rng));
        Assert.Contains("only 100 questions", e.Message);
    }
}
