namespace Recurrent.Tests.Text;

/// <summary>A short, repetitive text that a small character model learns in seconds, and its entropy.</summary>
public static class ShortText
{
    public static string Text { get; } =
        string.Concat(
            Enumerable
                .Range(0, 60)
                .Select(i =>
                    (i % 3) switch
                    {
                        0 => "to be, or not to be, that is the question.\n",
                        1 => "whether 'tis nobler in the mind to suffer\n",
                        _ => "the slings and arrows of outrageous fortune.\n",
                    }
                )
        );

    /// <summary>
    /// The entropy of the text's character frequencies, in nats: the loss of the best model that ignores context.
    /// </summary>
    public static double UnigramEntropy(string text)
    {
        var counts = text.EnumerateRunes().GroupBy(r => r.Value).Select(g => (double)g.Count()).ToArray();
        double total = counts.Sum();
        return -counts.Sum(c => c / total * Math.Log(c / total));
    }
}
