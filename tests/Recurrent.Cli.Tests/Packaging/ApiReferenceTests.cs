using Xunit.Abstractions;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// The API reference that docs/LIBRARY.md tells a user to build (docs/api/build.sh: docfx over the packages' XML
/// documentation, warnings as errors) builds, so a broken cref or link in a doc comment fails the suite.
/// </summary>
[Collection(ChildBuildsCollection.Name)]
public class ApiReferenceTests(ITestOutputHelper log)
{
    [SkippableFact]
    public void TheApiReferenceBuildsWithoutWarnings()
    {
        Skip.IfNot(DotnetCommand.SdkAvailable(), "no .NET SDK answers `dotnet --version`, so docfx cannot run");
        string root = DocumentedCode.Root();

        var (code, output) = DotnetCommand.Run("bash", ["docs/api/build.sh"], root, TimeSpan.FromMinutes(10));

        log.WriteLine(output);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(root, "docs", "api", "_site", "index.html")), output);
    }
}
