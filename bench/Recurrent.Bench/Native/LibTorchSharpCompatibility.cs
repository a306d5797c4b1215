namespace Recurrent.Bench.Native;

/// <summary>
/// Lets TorchSharp 0.107's native library load on Debian 12. <c>libLibTorchSharp.so</c> was linked against GCC 13's
/// libstdc++ and so requires version <c>GLIBCXX_3.4.32</c>, which Debian 12's libstdc++ (up to 3.4.30) lacks; the
/// only symbol behind that version is <c>std::ios_base_library_init</c>, which GCC 13 references from
/// <c>&lt;iostream&gt;</c> but no code calls. The copy of the library in the build output (never the one in the
/// NuGet cache) gets that requirement marked weak.
/// </summary>
internal static class LibTorchSharpCompatibility
{
    /// <summary>The version requirement that Debian 12's libstdc++ cannot meet.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private const string LibraryName = "libLibTorchSharp.so";

    /// <summary>The copies of the library under <paramref name="outputDirectory"/> that TorchSharp may load.</summary>
    public static IEnumerable<string> Candidates(string outputDirectory) =>
        new[]
        {
            Path.Combine(outputDirectory, "runtimes", "linux-x64", "native", LibraryName),
            Path.Combine(outputDirectory, LibraryName),
        }.Where(File.Exists);

    /// <summary>
    /// Patches every copy of the library under <paramref name="outputDirectory"/> that is not patched yet, writing
    /// each through a temporary file and a rename, and returns the paths it changed. Idempotent.
    /// </summary>
    public static IReadOnlyList<string> EnsurePatched(string outputDirectory)
    {
        var changed = new List<string>();
        if (!OperatingSystem.IsLinux())
            return changed;
        foreach (var path in Candidates(outputDirectory))
        {
            byte[] image = File.ReadAllBytes(path);
            int edits;
            try
            {
                edits = ElfVersionRequirementPatcher.MakeRequirementWeak(image, MissingVersion);
            }
            catch (InvalidDataException e) when (e.Message.StartsWith("it does not require", StringComparison.Ordinal))
            {
                continue;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException(
                    $"{path}: cannot patch the {MissingVersion} requirement: {e.Message}.",
                    e
                );
            }
            if (edits == 0)
                continue;
            string temporary = path + ".patching";
            File.WriteAllBytes(temporary, image);
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            // Keeping the copy's time stamp lets MSBuild's incremental copy see it as unchanged and leave it patched.
            File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(path));
            File.Move(temporary, path, overwrite: true);
            changed.Add(path);
        }
        return changed;
    }
}
