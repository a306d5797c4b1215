namespace Recurrent.Tests;

/// <summary>
/// The C# blocks of a document (<c>```csharp</c> or <c>```cs</c>, indented or not) against the test that compiles
/// and runs them: every line a document shows must be a line of that test, so the document cannot drift from the code.
/// </summary>
public static class DocumentedCode
{
    /// <summary>The repository root: the directory above the test's output that holds Recurrent.slnx.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recurrent.slnx")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no Recurrent.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>The trimmed, non-empty lines of every C# block of <paramref name="document"/>.</summary>
    public static IReadOnlyList<string> Lines(string document)
    {
        var lines = new List<string>();
        bool inBlock = false;
        foreach (var line in File.ReadAllLines(Path.Combine(Root(), document)).Select(l => l.Trim()))
        {
            if (!inBlock)
                inBlock = line is "```csharp" or "```cs";
            else if (line.StartsWith("```", StringComparison.Ordinal))
                inBlock = false;
            else if (line.Length > 0)
                lines.Add(line);
        }
        return lines;
    }

    /// <summary>
    /// Fails, naming the line, when <paramref name="document"/> shows C# that <paramref name="test"/> lacks.
    /// </summary>
    public static void AssertShownIn(string document, string test)
    {
        var shown = Lines(document);
        Assert.NotEmpty(shown);
        var source = File.ReadAllLines(Path.Combine(Root(), test)).Select(l => l.Trim()).ToHashSet();
        foreach (var line in shown)
            Assert.True(source.Contains(line), $"{document} shows a line that {test} does not run: {line}");
    }
}
