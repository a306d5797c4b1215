using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>The text corpora the toolkit knows by name, for <see cref="DatasetLocator"/> to find or download.</summary>
public static class TextCorpora
{
    /// <summary>Karpathy's tiny Shakespeare from char-rnn (1,115,394 bytes, 65 distinct characters).</summary>
    public static KnownCorpus TinyShakespeare { get; } =
        new(
            "tinyshakespeare",
            "tinyshakespeare/input.txt",
            new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
            1_115_394,
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
        );

    /// <summary>Every text corpus known by name.</summary>
    public static IReadOnlyList<KnownCorpus> All { get; } = [TinyShakespeare];
}
