using System.Diagnostics;

namespace Recurrent.Tests;

/// <summary>
/// The code keeps one layout: <c>dotnet format --verify-no-changes</c> finds nothing to change (the rules are in
/// <c>.editorconfig</c>), and no line of C# is longer than 120 characters.
/// </summary>
public class FormattingTests
{
    private const int LineLimit = 120;

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recurrent.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("the repository root (the directory holding Recurrent.slnx) not found");
    }

    [Fact]
    public void NoLineOfCSharpIsLongerThan120Characters()
    {
        string root = Root();
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
    public async Task DotnetFormatFindsNothingToChange()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "format", "Recurrent.slnx", "--verify-no-changes", "--no-restore", "-v", "q" })
            start.ArgumentList.Add(argument);
        // The test host's MSBuild settings would point the child's project loading at the wrong SDK paths.
        var msbuild = start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase));
        foreach (var name in msbuild.ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(
            process.ExitCode == 0,
            "dotnet format would change the code (run `dotnet format Recurrent.slnx`):\n" + await output + await error
        );
    }
}
