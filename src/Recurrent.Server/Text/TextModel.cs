using Recurrent.Models.Text;

namespace Recurrent.Server.Text;

/// <summary>A character language model behind <c>POST /v1/text/generate</c>, with its batching loop.</summary>
internal sealed class TextModel(
    string name,
    IReadOnlyDictionary<string, string> config,
    CharLanguageModel model,
    TextGenerationBatcher batcher
) : ServedModel(name, CharLanguageModelConfig.ModelKind, config), IDisposable
{
    public CharLanguageModel Model { get; } = model;

    public TextGenerationBatcher Batcher { get; } = batcher;

    public override string Endpoint => TextEndpoints.GeneratePath;

    public void Dispose() => Batcher.Dispose();
}
