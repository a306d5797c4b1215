using Recurrent.IO;

namespace Recurrent.Tests.IO;

/// <summary>
/// Finds the files that tests/make_training_fixtures.py writes, from the test binaries up to the repository.
/// </summary>
public static class TrainingFixtures
{
    public static string Directory { get; } = Find();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public static SafeTensorsFile Read(string name) => SafeTensorsFile.Read(PathOf(name));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "tests", "fixtures", "training");
            if (System.IO.Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures/training not found above " + AppContext.BaseDirectory);
    }
}
