using System.Text.RegularExpressions;

namespace Recurrent.Tests.Library;

/// <summary>
/// docs/LIBRARY.md shows whole files, never fragments: each C# block (and any other block so announced) follows a
/// line <c>&lt;!-- file: PATH --&gt;</c> and must equal that file character for character, and every C# file of the
/// samples project is shown. <see cref="LibrarySamplesTests"/> runs the same files.
/// </summary>
public sealed partial class LibraryGuideTests
{
    private const string Guide = "docs/LIBRARY.md";
    private const string Samples = "samples/Recurrent.Samples";

    [GeneratedRegex(@"^<!-- file: (?<path>\S+) -->$")]
    private static partial Regex FileMarker();

    /// <summary>
    /// The blocks of the guide that a file line announces (every C# block must have one): the file, the block's text,
    /// and the line of the guide where the text starts.
    /// </summary>
    private static List<(string Path, string Code, int Line)> Blocks()
    {
        var lines = File.ReadAllLines(Path.Combine(DocumentedCode.Root(), Guide));
        var blocks = new List<(string, string, int)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                continue;
            int end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            Assert.True(end > i, $"{Guide}:{i + 1}: the block is never closed");
            int marker = i - 1;
            while (marker >= 0 && lines[marker].Length == 0)
                marker--;
            var match = marker >= 0 ? FileMarker().Match(lines[marker]) : Match.Empty;
            Assert.True(match.Success || lines[i] is not ("```csharp" or "```cs"),
                $"{Guide}:{i + 1}: a C# block without a <!-- file: PATH --> line before it");
            if (match.Success)
                blocks.Add((match.Groups["path"].Value, string.Join('\n', lines[(i + 1)..end]), i + 2));
            i = end;
        }
        return blocks;
    }

    [Fact]
    public void EveryBlockIsTheWholeFileItNames()
    {
        var blocks = Blocks();
        Assert.NotEmpty(blocks);
        foreach (var (path, code, line) in blocks)
        {
            string file = Path.Combine(DocumentedCode.Root(), path);
            Assert.True(File.Exists(file), $"{Guide}:{line}: {path} does not exist");
            string text = File.ReadAllText(file).ReplaceLineEndings("\n").TrimEnd('\n');
            if (text == code)
                continue;
            var shown = code.Split('\n');
            var actual = text.Split('\n');
            int first = Enumerable.Range(0, Math.Min(shown.Length, actual.Length)).FirstOrDefault(
                k => shown[k] != actual[k], Math.Min(shown.Length, actual.Length));
            Assert.Fail($"{Guide}:{line + first}: the block differs from {path} at its line {first + 1}: "
                + $"'{(first < shown.Length ? shown[first] : "(end)")}' against "
                + $"'{(first < actual.Length ? actual[first] : "(end)")}'; copy the file into the guide again");
        }
    }

    [Fact]
    public void EverySampleFileIsShown()
    {
        var shown = Blocks().Select(b => b.Path).ToHashSet();
        string root = DocumentedCode.Root();
        var files = Directory.EnumerateFiles(Path.Combine(root, Samples), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"));
        Assert.All(files, f => Assert.True(shown.Contains(f), $"{Guide} does not show {f}"));
    }
}
