using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// The pen-stroke datasets the drawing tools know by name, with their files (paths under a data or cache directory),
/// their exact sizes and hashes, and their public source. The Hershey fonts are downloaded from their source into the
/// cache when no data directory holds them. The UNIPEN and Omniglot files are conversions (UNIPEN's hierarchical
/// files flattened, Omniglot's pickled <c>.npz</c> written as text) that no public server offers as such, so they
/// are found in the data directory or the cache, and a missing one gets a message naming the source to convert.
/// </summary>
/// <param name="Name">The name a user types, for example <c>unipen-digits</c>.</param>
/// <param name="Files">The files, in the order the loader reads them (for Omniglot: train, validation, test).</param>
/// <param name="Downloadable">Whether each file's <see cref="KnownCorpus.Url"/> serves that exact file.</param>
/// <param name="Origin">Where the data comes from, for messages and documentation.</param>
/// <param name="Labels">The characters kept (empty for unlabelled drawings).</param>
public sealed record StrokeCorpus(
    string Name,
    IReadOnlyList<KnownCorpus> Files,
    bool Downloadable,
    string Origin,
    string Labels
)
{
    private const string UnipenSource =
        "https://github.com/GreenCappuccino/train_r01_v07 (UNIPEN train_r01_v07, doi:10.5281/zenodo.1195803)";
    private const string HersheyCommit = "47ac7e0891ec4697f1717a0d8b330842eceef5b3";

    /// <summary>UNIPEN isolated digits (category 1a), about 11,600 samples from 120 writers.</summary>
    public static StrokeCorpus UnipenDigits { get; } =
        Unipen(
            "unipen-digits",
            "unipen_digits.tsv.gz",
            2_269_715,
            "4aa3b68ccbb4a1c304119a9466b7a031095b9c06e7f43ba26a8bf404f06c9c4c",
            "0123456789"
        );

    /// <summary>UNIPEN isolated upper-case letters (category 1b).</summary>
    public static StrokeCorpus UnipenUpper { get; } =
        Unipen(
            "unipen-upper",
            "unipen_upper.tsv.gz",
            2_285_409,
            "07ef047796a065aa46f04b56c9b8167b69f6f6baefc82e21c2d90cc1c67e77ea",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        );

    /// <summary>UNIPEN isolated lower-case letters (category 1c).</summary>
    public static StrokeCorpus UnipenLower { get; } =
        Unipen(
            "unipen-lower",
            "unipen_lower.tsv.gz",
            3_871_648,
            "3e7133401f414241e43e489282848938ea7b9ffdcb5adaa56493f5bb4bafeba8",
            "abcdefghijklmnopqrstuvwxyz"
        );

    /// <summary>sketch-rnn's Omniglot strokes (unlabelled), split 30,000 / 1,000 / 1,000 as published.</summary>
    public static StrokeCorpus Omniglot { get; } =
        new(
            "omniglot",
            [
                OmniglotFile(
                    "omniglot_train.txt.gz",
                    1_843_225,
                    "72401273d6587f607dfba9d1d94e7f59a1a9680a27f5ca2fc9cd5a5df8a78228"
                ),
                OmniglotFile(
                    "omniglot_valid.txt",
                    246_716,
                    "b0616346483a1e58c0f4ab26f0eb06c6a4ea256f6249f11e9e976fbe17cd7cfb"
                ),
                OmniglotFile(
                    "omniglot_test.txt",
                    242_702,
                    "c964071c5ffb5f129aaff0a7f41d461f3cd475d9e6186f8654acc3eda7cdc115"
                ),
            ],
            Downloadable: false,
            "https://github.com/hardmaru/sketch-rnn-datasets omniglot/omniglot.npz (Lake et al. 2015, MIT), converted "
                + "to text as described in omniglot-strokes/PROVENANCE.md",
            ""
        );

    /// <summary>Twelve Hershey fonts (Roman, Times, script, cursive): digits and letters, one glyph per font.</summary>
    public static StrokeCorpus Hershey { get; } =
        new(
            "hershey",
            [
                HersheyFile("cursive", 4954, "9667a2c6424bc89f992738ff97de204a8580d92ef353e32b8014d9d7b106cd0b"),
                HersheyFile("futural", 3498, "4958a1d06ea04709feb530deaab53d1efa1285d0d3e92a4a3edd74d279871ced"),
                HersheyFile("futuram", 5858, "621893f5e1aff698e387978ed5f3d372063683b0234b3ba3f38a92e5502a6975"),
                HersheyFile("rowmand", 6128, "c56497b162a3831f0da2e189ada4a7335ce81b1c3c1cf380b2ced04287313d2e"),
                HersheyFile("rowmans", 3470, "8718fb129c0f6bce89c84fe41bc467e39534d215a6f7c3220cc5789a8a7d8618"),
                HersheyFile("rowmant", 9116, "8b280fa0c63aa003a80cbb5bbe4ef2535e0b61ca464d3b8e6e634ce0881b9b67"),
                HersheyFile("scriptc", 6586, "747f9384b0adbec3f6826cc374727adb262c6a96e2a758a2472d11291b7104c7"),
                HersheyFile("scripts", 5528, "6b391b2ea3a0771cf18caff0ed111db3d05681fa586d423a740cc0b2b155a873"),
                HersheyFile("timesi", 5904, "66cd7ca5c402d5609de083b166f704d89025619f2dabe42f3d13be95b261414b"),
                HersheyFile("timesib", 8758, "e2cf4755a2b2706b21812060f8ecc7462c1e79f0c5147526bea3c00ed4bb1867"),
                HersheyFile("timesr", 5656, "c454a5ed471aa33c1aac8c5b21c2d343e828805af2b48eebba20c46f492d9457"),
                HersheyFile("timesrb", 9050, "a4a632281f28b107c13d7741694eeb009ebc734a302f5b88cf3fb5e87a528267"),
            ],
            Downloadable: true,
            $"https://github.com/kamalmostafa/hershey-fonts @ {HersheyCommit} (Hershey fonts, free with "
                + $"acknowledgement)",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        );

    /// <summary>Every stroke corpus known by name.</summary>
    public static IReadOnlyList<StrokeCorpus> All { get; } =
    [UnipenDigits, UnipenUpper, UnipenLower, Omniglot, Hershey];

    /// <summary>The corpus called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No corpus has that name; the message lists the known ones.</exception>
    public static StrokeCorpus Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"'{name}' is not a known stroke dataset; known: {string.Join(", ", All.Select(c => c.Name))}.",
            nameof(name)
        );

    /// <summary>
    /// The local paths of every file: found in the locator's data directory or cache (and checked), or, for a
    /// downloadable corpus, downloaded into the cache.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file that cannot be downloaded is missing; the message says where to
    /// put it and where it comes from.</exception>
    public IReadOnlyList<string> Resolve(DatasetLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        var paths = new List<string>();
        foreach (var file in Files)
        {
            if (!Downloadable)
            {
                var inData = locator.DataDirectory is null
                    ? null
                    : Path.Combine(locator.DataDirectory, file.RelativePath);
                if ((inData is null || !File.Exists(inData)) && !File.Exists(locator.CachePath(file)))
                {
                    string where = locator.DataDirectory is null
                        ? "a data directory (none set)"
                        : $"the data directory {locator.DataDirectory}";
                    throw new FileNotFoundException(
                        $"The {Name} file {file.RelativePath} is not in {where} "
                            + $"nor in the cache {locator.CachePath(file)}. It is a conversion of {Origin}, which no "
                            + $"server offers as is: set "
                            + $"{DatasetLocator.DataDirectoryVariable} (or --data-dir) to a directory holding "
                            + $"{file.RelativePath} ({file.Bytes:N0} bytes, SHA-256 {file.Sha256}).",
                        file.RelativePath
                    );
                }
            }
            paths.Add(locator.ResolveAsync(file).GetAwaiter().GetResult());
        }
        return paths;
    }

    private static StrokeCorpus Unipen(string name, string file, long bytes, string sha256, string labels) =>
        new(
            name,
            [
                new KnownCorpus(
                    name,
                    $"unipen-chars/{file}",
                    new Uri("https://github.com/GreenCappuccino/train_r01_v07"),
                    bytes,
                    sha256
                ),
            ],
            Downloadable: false,
            UnipenSource + ", flattened as described in unipen-chars/PROVENANCE.md",
            labels
        );

    private static KnownCorpus OmniglotFile(string file, long bytes, string sha256) =>
        new(
            $"omniglot/{file}",
            $"omniglot-strokes/{file}",
            new Uri("https://github.com/hardmaru/sketch-rnn-datasets/tree/master/omniglot"),
            bytes,
            sha256
        );

    private static KnownCorpus HersheyFile(string font, long bytes, string sha256) =>
        new(
            $"hershey/{font}",
            $"hershey/{font}.jhf",
            new Uri(
                $"https://raw.githubusercontent.com/kamalmostafa/hershey-fonts/{HersheyCommit}/hershey-fonts/{font}.jhf"
            ),
            bytes,
            sha256
        );
}
