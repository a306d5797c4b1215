namespace Recurrent.Data;

/// <summary>
/// A public dataset file the toolkit can fetch by name: where it lives under a data directory (the layout of
/// <c>../shared/data</c>), where to download it, and its exact size and SHA-256 to check what was fetched.
/// </summary>
/// <param name="Name">The name a user types, for example <c>tinyshakespeare</c>.</param>
/// <param name="RelativePath">The file's path under a data or cache directory, with '/' separators.</param>
/// <param name="Url">The public source of the file.</param>
/// <param name="Bytes">The file's size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file, lower-case hex.</param>
public sealed record KnownCorpus(string Name, string RelativePath, Uri Url, long Bytes, string Sha256)
{
    /// <summary>Karpathy's tiny Shakespeare from char-rnn (1,115,394 bytes, 65 distinct characters).</summary>
    public static KnownCorpus TinyShakespeare { get; } = new(
        "tinyshakespeare",
        "tinyshakespeare/input.txt",
        new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
        1_115_394,
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");

    /// <summary>Every corpus known by name.</summary>
    public static IReadOnlyList<KnownCorpus> All { get; } = [TinyShakespeare];

    /// <summary>The corpus called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static KnownCorpus? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
