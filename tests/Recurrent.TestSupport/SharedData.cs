namespace Recurrent.Tests;

/// <summary>
/// Finds the real datasets of <c>../shared/data</c> for tests that need them. <c>RECURRENT_DATA</c>, when set, names
/// the directory instead. A test marked <c>[SkippableFact]</c> calls <see cref="File"/> and is skipped, with the
/// reason, when the data is not on this machine.
/// </summary>
public static class SharedData
{
    /// <summary>
    /// The dataset directory, or null when neither <c>RECURRENT_DATA</c> nor <c>../shared/data</c> exists.
    /// </summary>
    public static string? Root { get; } = Locate();

    /// <summary>Why <see cref="Root"/> is null, for the skip message.</summary>
    public static string MissingReason =>
        "real data not found: set RECURRENT_DATA or put the datasets in ../shared/data beside the repository (the "
            + "directory holding Recurrent.slnx)";

    /// <summary>
    /// The full path of a file under the dataset directory; skips the calling test when it is absent.
    /// </summary>
    public static string File(params string[] relativeParts)
    {
        Skip.If(Root is null, MissingReason);
        var path = Path.Combine([Root!, .. relativeParts]);
        Skip.IfNot(System.IO.File.Exists(path), $"real data file not found: {path}");
        return path;
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RECURRENT_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Recurrent.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}
