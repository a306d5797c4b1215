using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using System.Diagnostics;
using System.Globalization;
using System.Security;
using Xunit.Abstractions;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// The packages as a user gets them, not through project references: the src projects are packed into a temporary
/// folder under a version no earlier run used (so the NuGet cache can never serve a stale copy), the tool is
/// installed from that folder into a temporary tool path and run, and a console project that references
/// <c>Recurrent</c> and <c>Recurrent.Onnx</c> from that folder only is built and run.
/// </summary>
[Collection(ChildBuildsCollection.Name)]
public class PackagedUseTests(ITestOutputHelper log)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // The VersionPrefix of Directory.Build.props: what the tool built by this run reports.
    private const string ReleasedVersion = "0.1.0";

    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public void PackagesInstallAndRunFromALocalFolder()
    {
        Skip.IfNot(DotnetCommand.SdkAvailable(), "no .NET SDK answers `dotnet --version`, so nothing can be packed");
        string stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        string version = $"{ReleasedVersion}-packtest.{stamp}";
        var work = Directory.CreateTempSubdirectory("recurrent-packages-");
        try
        {
            string feed = Path.Combine(work.FullName, "feed");
            var clock = Stopwatch.StartNew();
            Pack(feed, version);
            log.WriteLine($"pack {version}: {clock.Elapsed.TotalSeconds:0.0} s");
            string config = WriteNuGetConfig(work.FullName, feed);
            clock.Restart();
            RunTool(work.FullName, config, version);
            log.WriteLine($"tool install, --version, text train: {clock.Elapsed.TotalSeconds:0.0} s");
            clock.Restart();
            RunConsoleProject(work.FullName, version);
            log.WriteLine($"console project restore, build, run: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            work.Delete(recursive: true);
            ForgetCachedCopies(version);
        }
    }

    /// <summary>Packs the projects the test run already built; the version suffix is the only change.</summary>
    private static void Pack(string feed, string version)
    {
        string root = DocumentedCode.Root();
        string suffix = version[(ReleasedVersion.Length + 1)..];
        Succeeds(
            DotnetCommand.Host,
            ["pack", "Recurrent.slnx", "-c", Configuration, "--no-build", "-o", feed, "-p:VersionSuffix=" + suffix],
            root
        );
        string[] expected =
        [
            "Recurrent",
            "Recurrent.Datasets",
            "Recurrent.Models",
            "Recurrent.Onnx",
            "Recurrent.Distributed",
            "Recurrent.Server",
            "Recurrent.Cli",
        ];
        var packed = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(expected.Select(id => $"{id}.{version}.nupkg").Order().ToArray(), packed);
    }

    /// <summary>
    /// A NuGet.config whose only sources are the feed (for every Recurrent package) and nuget.org (for their
    /// dependencies, which the test run's own restore already put in the cache, so no download is made).
    /// </summary>
    private static string WriteNuGetConfig(string directory, string feed)
    {
        string path = Path.Combine(directory, "NuGet.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{SecurityElement.Escape(feed)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="feed">
                  <package pattern="Recurrent" />
                  <package pattern="Recurrent.*" />
                </packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    private static void RunTool(string work, string config, string version)
    {
        string tools = Path.Combine(work, "tools");
        Succeeds(
            DotnetCommand.Host,
            ["tool", "install", "Recurrent.Cli", "--tool-path", tools, "--configfile", config, "--version", version],
            work
        );
        string recurrent = Path.Combine(tools, OperatingSystem.IsWindows() ? "recurrent.exe" : "recurrent");
        Assert.StartsWith(ReleasedVersion, Succeeds(recurrent, ["--version"], work).Trim());

        string text = Path.Combine(work, "text.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 200)));
        string run = Path.Combine(work, "run");
        Succeeds(
            recurrent,
            [
                "text", "train", "--corpus", text, "--out", run, "--hidden", "32", "--layers", "1",
                "--embedding", "8", "--batch-size", "8", "--seq-length", "16", "--max-steps", "30",
                "--eval-every", "15", "--sample-length", "40", "--seed", "1",
            ],
            work
        );
        Assert.True(File.Exists(Path.Combine(run, "best.safetensors")), $"no best.safetensors in {run}");
    }

    /// <summary>
    /// A console project outside the repository (so none of its build settings apply) that builds an LSTM from the
    /// <c>Recurrent</c> package, runs it and exports it with <c>Recurrent.Onnx</c>; its output's sum must match
    /// ONNX Runtime's on the exported file.
    /// </summary>
    private static void RunConsoleProject(string work, string version)
    {
        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Recurrent" Version="{version}" />
                <PackageReference Include="Recurrent.Onnx" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Recurrent.Layers;
            using Recurrent.Onnx;
            using Recurrent.Tensors;
            using System.Globalization;

            var lstm = new LstmLayer(inputSize: 3, hiddenSize: 5, numLayers: 2, rng: new RandomGenerator(7));
            float[] input = Enumerable.Range(0, 2 * 4 * 3).Select(i => MathF.Sin(i)).ToArray();
            var (output, state) = lstm.Forward(Tensor.FromArray(input, 2, 4, 3));
            OnnxExport.Write(new RecurrentStackExport(lstm), args[0]);
            Console.WriteLine(string.Join(' ', output.Shape.ToArray()));
            Console.WriteLine(output.ToArray().Sum().ToString("R", CultureInfo.InvariantCulture));
            """);
        string model = Path.Combine(work, "lstm.onnx");
        string[] lines = Succeeds(DotnetCommand.Host, ["run", "-c", "Release", "--", model], app)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("2 4 5", lines[^2]);

        float[] input = Enumerable.Range(0, 2 * 4 * 3).Select(i => MathF.Sin(i)).ToArray();
        using var session = new InferenceSession(model);
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input, [2, 4, 3])),
        ]);
        float onnxSum = results.First(r => r.Name == "output").AsEnumerable<float>().Sum();
        Assert.Equal(onnxSum, float.Parse(lines[^1], CultureInfo.InvariantCulture), 1e-4f);
    }

    private static string Succeeds(string program, string[] arguments, string directory)
    {
        var (code, output) = DotnetCommand.Run(program, arguments, directory, StepLimit);
        Assert.True(code == 0, $"`{Path.GetFileName(program)} {string.Join(' ', arguments)}` exited {code}:\n{output}");
        return output;
    }

    /// <summary>
    /// The console project's restore put this run's packages in the NuGet cache; no later run wants them.
    /// </summary>
    private static void ForgetCachedCopies(string version)
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string[] ids = ["recurrent", "recurrent.datasets", "recurrent.models", "recurrent.onnx", "recurrent.cli"];
        foreach (string id in ids)
        {
            string copy = Path.Combine(cache, id, version);
            if (Directory.Exists(copy))
                Directory.Delete(copy, recursive: true);
            string versions = Path.Combine(cache, id);
            if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any())
                Directory.Delete(versions);
        }
    }
}
