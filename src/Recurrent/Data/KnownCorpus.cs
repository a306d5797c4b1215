namespace Recurrent.Data;

/// <summary>
/// A public dataset file the toolkit can fetch by name: where it lives under a data directory, where to download it,
/// and its exact size and SHA-256 to check what was fetched. The catalogues of such files (text corpora, stroke
/// datasets) live in <c>Recurrent.Datasets</c>; <see cref="DatasetLocator"/> finds or downloads any of them.
/// </summary>
/// <param name="Name">The name a user types, for example <c>tinyshakespeare</c>.</param>
/// <param name="RelativePath">The file's path under a data or cache directory, with '/' separators.</param>
/// <param name="Url">The public source of the file.</param>
/// <param name="Bytes">The file's size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file, lower-case hex.</param>
public sealed record KnownCorpus(string Name, string RelativePath, Uri Url, long Bytes, string Sha256);
