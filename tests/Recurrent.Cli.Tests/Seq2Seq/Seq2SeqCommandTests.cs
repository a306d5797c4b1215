namespace Recurrent.Tests.Seq2Seq;

/// <summary><c>recurrent seq2seq</c> checks its options against the problems before it trains.</summary>
public class Seq2SeqCommandTests
{
    [Fact]
    public void TheCommandRefusesToHoldOutMoreProblemsThanTheDigitsGive()
    {
        var (code, _, error) = CommandLineRunner.Invoke("seq2seq", "addition", "--digits", "1");

        Assert.NotEqual(0, code);
        Assert.Contains("--digits 1 gives 100 distinct problems", error);
    }
}
