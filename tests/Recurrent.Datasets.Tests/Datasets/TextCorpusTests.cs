using Recurrent.Datasets;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Datasets;

public class TextCorpusTests
{
    [Fact]
    public void LoadsTokensAndVocabularyFromAFile()
    {
        using var dir = new TemporaryDirectory();
        var corpus = TextCorpus.Load(dir.Write("c.txt", "abba\n"));
        Assert.Equal(3, corpus.Vocabulary.Count);
        Assert.Equal([1, 2, 2, 1, 0], corpus.Tokens);
        Assert.Equal("abba\n", corpus.Vocabulary.Decode(corpus.Tokens));
    }

    [Fact]
    public void EmptyFileIsNamed()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("empty.txt", "");
        var e = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void ScoringTextWithAModelsVocabularyNamesAnUnknownCharacterAndTheFile()
    {
        var vocabulary = CharVocabulary.Build("ab\n");
        var e = Assert.Throws<ArgumentException>(() => TextCorpus.FromText("ab\nbaX", "other.txt", vocabulary));
        Assert.Contains("other.txt", e.Message);
        Assert.Contains("'X' (U+0058) at position 5", e.Message);
    }
}
