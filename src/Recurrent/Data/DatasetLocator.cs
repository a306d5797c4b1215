using System.Security.Cryptography;

namespace Recurrent.Data;

/// <summary>
/// Finds the file of a <see cref="KnownCorpus"/>: first in the data directory (<c>RECURRENT_DATA</c>, at the corpus's
/// <see cref="KnownCorpus.RelativePath"/>), then in the cache directory, and otherwise downloads it into the cache,
/// writing a temporary file that is renamed into place only after its size and SHA-256 match. A file found locally is
/// checked the same way.
/// </summary>
public sealed class DatasetLocator
{
    /// <summary>The environment variable naming a directory that already holds the datasets.</summary>
    public const string DataDirectoryVariable = "RECURRENT_DATA";

    private readonly HttpMessageHandler? _handler;

    /// <summary>
    /// A locator. Each argument left null takes its default: <paramref name="dataDirectory"/> from
    /// <c>RECURRENT_DATA</c> (none when unset), <paramref name="cacheDirectory"/> from
    /// <see cref="DefaultCacheDirectory"/>,
    /// and a plain <see cref="HttpClient"/>. Tests pass a fake <paramref name="handler"/> so no request leaves the
    /// process.
    /// </summary>
    public DatasetLocator(
        string? dataDirectory = null,
        string? cacheDirectory = null,
        HttpMessageHandler? handler = null
    )
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        DataDirectory = dataDirectory ?? (string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment);
        CacheDirectory = cacheDirectory ?? DefaultCacheDirectory();
        _handler = handler;
    }

    /// <summary>The directory searched first, or null.</summary>
    public string? DataDirectory { get; }

    /// <summary>The directory that downloads go to.</summary>
    public string CacheDirectory { get; }

    /// <summary>
    /// <c>$XDG_CACHE_HOME/recurrent</c>, else <c>~/.cache/recurrent</c> (the local application data folder on Windows).
    /// </summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
            return Path.Combine(xdg, "recurrent");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "recurrent");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "recurrent");
    }

    /// <summary>Where the cache keeps <paramref name="corpus"/>.</summary>
    public string CachePath(KnownCorpus corpus) => Path.Combine(CacheDirectory, Relative(corpus));

    /// <summary>
    /// The path of a file: <paramref name="nameOrPath"/> itself when it names an existing file, else the file of the
    /// corpus of that name (case-insensitive) in <paramref name="known"/>, found or downloaded as described on the
    /// class.
    /// </summary>
    /// <exception cref="FileNotFoundException">
    /// It is neither a file nor a known corpus; the message lists the known ones.
    /// </exception>
    public async Task<string> ResolveAsync(
        string nameOrPath,
        IReadOnlyList<KnownCorpus> known,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(known);
        if (File.Exists(nameOrPath))
            return nameOrPath;
        var corpus = known.FirstOrDefault(c => string.Equals(c.Name, nameOrPath, StringComparison.OrdinalIgnoreCase))
            ?? throw new FileNotFoundException(
                $"'{nameOrPath}' is neither a file nor a known corpus "
                    + $"(known: {string.Join(", ", known.Select(c => c.Name))}).",
                nameOrPath
            );
        return await ResolveAsync(corpus, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The path of the file of <paramref name="corpus"/>, found or downloaded as described on the class.
    /// </summary>
    /// <exception cref="InvalidDataException">A local or downloaded file has the wrong size or hash.</exception>
    /// <exception cref="IOException">The download failed; the message says where to put the file by hand.</exception>
    public async Task<string> ResolveAsync(KnownCorpus corpus, CancellationToken cancellationToken = default)
    {
        if (DataDirectory is not null)
        {
            var inData = Path.Combine(DataDirectory, Relative(corpus));
            if (File.Exists(inData))
            {
                Verify(corpus, inData);
                return inData;
            }
        }
        var cached = CachePath(corpus);
        if (File.Exists(cached))
        {
            Verify(corpus, cached);
            return cached;
        }
        await DownloadAsync(corpus, cached, cancellationToken).ConfigureAwait(false);
        return cached;
    }

    /// <summary>
    /// The synchronous form of <see cref="ResolveAsync(string, IReadOnlyList{KnownCorpus}, CancellationToken)"/>, for
    /// command-line code.
    /// </summary>
    public string Resolve(string nameOrPath, IReadOnlyList<KnownCorpus> known) =>
        ResolveAsync(nameOrPath, known).GetAwaiter().GetResult();

    private async Task DownloadAsync(KnownCorpus corpus, string destination, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var client = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
            client.Timeout = TimeSpan.FromMinutes(5);
            byte[] hash;
            long written = 0;
            try
            {
                using var response = await client
                    .GetAsync(corpus.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await using var body = await response
                    .Content.ReadAsStreamAsync(cancellationToken)
                    .ConfigureAwait(false);
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        written += read;
                        if (written > corpus.Bytes)
                            break;
                        sha.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                    hash = sha.GetHashAndReset();
                }
            }
            catch (Exception e)
                when (e is HttpRequestException or HttpIOException or TaskCanceledException
                    && !cancellationToken.IsCancellationRequested
                )
            {
                throw new IOException(
                    $"Could not download {corpus.Name} from {corpus.Url} ({e.Message}). Without a network, put the "
                        + $"file at "
                        + $"{destination} ({corpus.Bytes:N0} bytes, SHA-256 {corpus.Sha256}), or set "
                            + $"{DataDirectoryVariable} to a "
                        + $"directory holding {corpus.RelativePath}.",
                    e
                );
            }
            string actual = Convert.ToHexStringLower(hash);
            if (written != corpus.Bytes || actual != corpus.Sha256)
                throw new InvalidDataException(
                    $"The download of {corpus.Name} from {corpus.Url} is not the expected file: "
                        + (
                            written != corpus.Bytes
                                ? $"{(written > corpus.Bytes ? "more than " : "")}{written:N0} bytes instead of "
                                    + $"{corpus.Bytes:N0}."
                                : $"SHA-256 {actual} instead of {corpus.Sha256}."
                        )
                        + $" Nothing was written to {destination}."
                );
            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    private static void Verify(KnownCorpus corpus, string path)
    {
        long length = new FileInfo(path).Length;
        if (length != corpus.Bytes)
            throw new InvalidDataException(
                $"'{path}' has {length:N0} bytes, but {corpus.Name} has {corpus.Bytes:N0}. Delete it to download it "
                    + $"again from {corpus.Url}."
            );
        string actual;
        using (var stream = File.OpenRead(path))
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != corpus.Sha256)
            throw new InvalidDataException(
                $"'{path}' has SHA-256 {actual}, but {corpus.Name} has {corpus.Sha256}. Delete it to download it again "
                    + $"from {corpus.Url}."
            );
    }

    private static string Relative(KnownCorpus corpus) => corpus.RelativePath.Replace('/', Path.DirectorySeparatorChar);
}
