namespace Recurrent.Models.Text;

/// <summary>How well a model predicts a text: the mean next-character loss.</summary>
/// <param name="MeanLoss">The mean negative log-likelihood per predicted character, in nats.</param>
/// <param name="Characters">The number of characters predicted (the length of the text less one).</param>
public sealed record TextScore(double MeanLoss, long Characters)
{
    /// <summary>The same loss in bits per character (nats divided by ln 2).</summary>
    public double BitsPerCharacter => MeanLoss / Math.Log(2);
}
