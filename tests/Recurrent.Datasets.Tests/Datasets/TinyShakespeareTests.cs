using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class TinyShakespeareTests
{
    [SkippableFact]
    public void SharedCopyHasTheKnownSizeVocabularyAndSplit()
    {
        var path = SharedData.File("tinyshakespeare", "input.txt");
        var resolved = new DatasetLocator(SharedData.Root, Path.GetTempPath(), new NoNetworkHandler()).Resolve(
            "tinyshakespeare",
            TextCorpora.All
        );
        Assert.Equal(Path.GetFullPath(path), Path.GetFullPath(resolved));

        var text = Utf8TextFile.Read(resolved);
        Assert.Equal(1_115_394, text.Length);
        var vocabulary = CharVocabulary.Build(text);
        Assert.Equal(65, vocabulary.Count);
        var tokens = vocabulary.Encode(text);
        var split = TextSplit.Create(tokens);
        Assert.Equal(1_003_854, split.Train.Length);
        Assert.Equal(111_540, split.Validation.Length);
        var batcher = new CharStreamBatcher(split.Train, batchSize: 50, sequenceLength: 50);
        Assert.Equal(1_003_853 / 50 / 50, batcher.ChunksPerEpoch);
    }

    private sealed class NoNetworkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => throw new InvalidOperationException("tests never touch the network");
    }
}
