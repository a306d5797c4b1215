using Recurrent.Datasets;
using System.Text;

namespace Recurrent.Tests.Datasets;

public class CharVocabularyTests
{
    [Fact]
    public void SymbolsAreSortedByScalarValueAndRoundTrip()
    {
        var vocabulary = CharVocabulary.Build("hello, world\n");
        Assert.Equal("\n ,dehlorw", string.Concat(vocabulary.Symbols));
        var tokens = vocabulary.Encode("hello");
        Assert.Equal([5, 4, 6, 6, 7], tokens);
        Assert.Equal("hello", vocabulary.Decode(tokens));
    }

    [Fact]
    public void CharactersOutsideTheBasicPlaneAreOneSymbol()
    {
        var text = "a😀b😀";
        var vocabulary = CharVocabulary.Build(text);
        Assert.Equal(3, vocabulary.Count);
        Assert.Equal(new Rune(0x1F600), vocabulary.Symbols[2]);
        var tokens = vocabulary.Encode(text);
        Assert.Equal([0, 2, 1, 2], tokens);
        Assert.Equal(text, vocabulary.Decode(tokens));
    }

    [Fact]
    public void SerializedVocabularyParsesToTheSameMapping()
    {
        var vocabulary = CharVocabulary.Build("Zébra 😀\n");
        var text = vocabulary.Serialize();
        Assert.StartsWith("runes-v1:", text);
        var parsed = CharVocabulary.Parse(text);
        Assert.Equal(vocabulary.Symbols, parsed.Symbols);
        Assert.Equal(vocabulary.Encode("béZ😀"), parsed.Encode("béZ😀"));
    }

    [Theory]
    [InlineData("chars:41 42")]
    [InlineData("runes-v1:")]
    [InlineData("runes-v1:41 zz")]
    [InlineData("runes-v1:42 41")]
    [InlineData("runes-v1:D800")]
    public void MalformedSerializedVocabularyIsRefused(string text) =>
        Assert.Throws<FormatException>(() => CharVocabulary.Parse(text));

    [Fact]
    public void EmptyCorpusIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => CharVocabulary.Build(""));
        Assert.Contains("corpus is empty", e.Message);
    }

    [Fact]
    public void UnknownCharacterInPrimeTextNamesTheCharacterAndItsPosition()
    {
        var vocabulary = CharVocabulary.Build("abc ");
        var e = Assert.Throws<ArgumentException>(() => vocabulary.Encode("ab cé", "prime text"));
        Assert.Contains("prime text", e.Message);
        Assert.Contains("'é' (U+00E9)", e.Message);
        Assert.Contains("position 4", e.Message);
    }

    [Fact]
    public void DecodingAnIndexOutsideTheVocabularyIsRefused()
    {
        var vocabulary = CharVocabulary.Build("ab");
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Decode([0, 2]));
    }
}
