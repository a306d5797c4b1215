using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Models.Text;

namespace Recurrent.Tests.Text;

/// <summary>A character model small enough to learn <see cref="ShortText"/> in seconds.</summary>
internal static class SmallCharLanguageModel
{
    public static CharLanguageModelConfig Config(string text, CellKind cell = CellKind.Lstm) =>
        new(CharVocabulary.Build(text), cell, HiddenSize: 48, Layers: 2, EmbeddingSize: 16, Dropout: 0.1f);
}
