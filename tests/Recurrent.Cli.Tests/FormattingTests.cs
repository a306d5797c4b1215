using Recurrent.Tests.Packaging;

namespace Recurrent.Tests;

/// <summary>
/// The code keeps one layout: <c>dotnet format --verify-no-changes</c> finds nothing to change (the rules are in
/// <c>.editorconfig</c>), and no line of C# is longer than 120 characters.
/// </summary>
public class FormattingTests
{
    private const int LineLimit = 120;

    [Fact]
    public void NoLineOfCSharpIsLongerThan120Characters()
    {
        string root = DocumentedCode.Root();
        var excluded = new[] { "bin", "obj" };
        var tooLong =
            from folder in new[] { "src", "tests", "bench", "samples" }
            where Directory.Exists(Path.Combine(root, folder))
            from path in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            let relative = Path.GetRelativePath(root, path)
            where !relative.Split(Path.DirectorySeparatorChar).Any(excluded.Contains)
            from numbered in File.ReadLines(path).Select((line, i) => (Line: line, Number: i + 1))
            where numbered.Line.Length > LineLimit
            select $"{relative}:{numbered.Number}: {numbered.Line.Length} characters";
        Assert.Empty(tooLong);
    }

    [Fact]
    public void DotnetFormatFindsNothingToChange()
    {
        var (code, output) = DotnetCommand.Run(
            DotnetCommand.Host,
            ["format", "Recurrent.slnx", "--verify-no-changes", "--no-restore", "-v", "q"],
            DocumentedCode.Root(),
            TimeSpan.FromMinutes(20)
        );
        Assert.True(code == 0, "dotnet format would change the code (run `dotnet format Recurrent.slnx`):\n" + output);
    }
}
