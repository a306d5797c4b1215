using Recurrent.Cli;
using Recurrent.Cli.Console;
using System.CommandLine;
using System.Text.RegularExpressions;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.CommandLine;

/// <summary>
/// One vocabulary for the whole tool: the same flag for the same thing in every command, one seed default, help that
/// names <c>RECURRENT_DATA</c> and the cache rather than a path of this repository, and the previous release's names
/// still parsing, hidden, for one release.
/// </summary>
public partial class CommandVocabularyTests
{
    // Names of the previous release that no command may show: each has one current name now.
    private static readonly string[] OldNames = ["--batch", "--steps", "--validation-fraction", "--data", "--epochs"];

    /// <summary>Every old spelling the tool keeps: command, old name, current name.</summary>
    public static TheoryData<string, string, string> Renamed =>
        new()
        {
            { "classify train", "--epochs", "--max-epochs" },
            { "classify mnist", "--epochs", "--max-epochs" },
            { "classify mnist", "--data", "--data-dir" },
            { "classify predict", "--data", "--file" },
            { "forecast", "--steps", "--max-steps" },
            { "forecast", "--batch", "--batch-size" },
            { "label", "--steps", "--max-steps" },
            { "label", "--batch", "--batch-size" },
            { "label", "--validation-fraction", "--val-fraction" },
            { "seq2seq addition", "--steps", "--max-steps" },
            { "seq2seq addition", "--batch", "--batch-size" },
            { "drive record", "--steps", "--episode-steps" },
            { "drive record", "--out", "--recording" },
            { "drive train", "--data", "--recording" },
            { "drive train", "--epochs", "--max-epochs" },
            { "drive play", "--out", "--gif" },
            { "draw train", "--data", "--dataset" },
            { "draw sample", "--out", "--picture" },
            { "draw grid", "--out", "--picture" },
            { "draw judge-train", "--data", "--dataset" },
            { "draw judge-train", "--epochs", "--max-epochs" },
        };

    // Every command of the tool with its path below the root ("draw train"), the root included as "".
    private static IEnumerable<(string Path, Command Command)> Commands()
    {
        var pending = new Stack<(string, Command)>([("", RecurrentCommandLine.Build())]);
        while (pending.TryPop(out var entry))
        {
            yield return entry;
            foreach (var child in entry.Item2.Subcommands)
                pending.Push(((entry.Item1 + " " + child.Name).Trim(), child));
        }
    }

    private static Command Find(string path) => Commands().Single(c => c.Path == path).Command;

    private static string Help(string path)
    {
        var (code, output, error) = Invoke([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.True(code == 0, error);
        return output;
    }

    [GeneratedRegex(@"(?<![\w-])--(batch|steps|validation-fraction|data|epochs)(?![\w-])")]
    private static partial Regex OldNameInText();

    [Fact]
    public void NoCommandShowsAnOldName()
    {
        foreach (var (path, command) in Commands())
        {
            foreach (var option in command.Options.Where(o => !o.Hidden))
                foreach (var name in option.Aliases.Prepend(option.Name))
                    Assert.False(OldNames.Contains(name), $"'recurrent {path}' shows {name}, an old name.");
            var help = Help(path);
            Assert.False(OldNameInText().IsMatch(help), $"the help of 'recurrent {path}' names an old option:\n{help}");
        }
    }

    [Fact]
    public void HelpNamesNoPathOfThisRepository()
    {
        foreach (var (path, command) in Commands())
        {
            var help = Help(path);
            Assert.DoesNotContain("shared/data", help.Replace('\\', '/'), StringComparison.Ordinal);
            Assert.DoesNotContain("../", help, StringComparison.Ordinal);
            if (command.Options.Any(o => o.Name == "--data-dir"))
                Assert.Contains("RECURRENT_DATA", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryOutIsADirectory()
    {
        var outs = Commands()
            .SelectMany(c =>
                c.Command.Options.Where(o => !o.Hidden && o.Name == "--out").Select(o => (c.Path, o.Description ?? ""))
            )
            .ToList();
        Assert.NotEmpty(outs);
        foreach (var (path, description) in outs)
            Assert.True(
                description.Contains("DIR", StringComparison.Ordinal)
                    || description.Contains("irectory", StringComparison.Ordinal),
                $"--out of 'recurrent {path}' is not a directory: {description}"
            );
    }

    [Fact]
    public void EverySeedHasTheOneDefault()
    {
        var seeds = Commands()
            .SelectMany(c => c.Command.Options.Where(o => o.Name == "--seed").Select(o => (c.Path, Option: o)))
            .ToList();
        Assert.True(seeds.Count >= 10, $"only {seeds.Count} commands take --seed");
        foreach (var (path, option) in seeds)
            Assert.True(
                Equals(option.GetDefaultValue(), SeedOption.Default),
                $"--seed of 'recurrent {path}' defaults to {option.GetDefaultValue()}"
            );
    }

    [Fact]
    public void EveryOldSpellingIsHiddenAndListed()
    {
        var listed = Renamed.Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToHashSet();
        var found = Commands()
            .SelectMany(c =>
                OldSpellings
                    .Of(c.Command)
                    .Select(old =>
                    {
                        Assert.True(((Option)old).Hidden, $"{old.Name} of 'recurrent {c.Path}' is visible");
                        Assert.Contains(old.Current, c.Command.Options);
                        Assert.False(old.Current.Hidden);
                        return (c.Path, old.Name, old.Current.Name);
                    })
            )
            .ToHashSet();
        Assert.Equal(listed.Order(), found.Order());
    }

    [Theory]
    [MemberData(nameof(Renamed))]
    public void OldSpellingParsesAsTheCurrentName(string path, string oldName, string currentName)
    {
        var command = Find(path);
        var current = command.Options.Single(o => o.Name == currentName);
        string value = SampleValue(current.ValueType);
        string[] words = path.Split(' ');

        var underOldName = RecurrentCommandLine.Build().Parse([.. words, oldName, value]);
        var underCurrentName = RecurrentCommandLine.Build().Parse([.. words, currentName, value]);

        Assert.DoesNotContain(underOldName.Errors, e => e.Message.Contains(oldName, StringComparison.Ordinal));
        Assert.Equal(ValueOf(underCurrentName, currentName), ValueOf(underOldName, currentName));
        var parsedCurrent = underOldName.CommandResult.Command.Options.Single(o => o.Name == currentName);
        Assert.True(OldSpellings.IsGiven(underOldName, parsedCurrent));
        var both = RecurrentCommandLine.Build().Parse([.. words, oldName, value, currentName, value]);
        Assert.Contains(both.Errors, e => e.Message.Contains($"give only {currentName}", StringComparison.Ordinal));
    }

    // The parsed value of the option named currentName, as text (files by their names).
    private static string? ValueOf(ParseResult parse, string currentName)
    {
        var option = parse.CommandResult.Command.Options.Single(o => o.Name == currentName);
        object? value = parse.GetResult(option)?.GetValueOrDefault<object?>();
        static string? Text(object? item) =>
            item is FileSystemInfo file
                ? file.Name
                : Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture);
        return value is System.Collections.IEnumerable items and not string
            ? string.Join(',', items.Cast<object?>().Select(Text))
            : Text(value);
    }

    private static string SampleValue(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(int) || plain == typeof(long))
            return "3";
        if (plain == typeof(double) || plain == typeof(float))
            return "0.25";
        if (plain == typeof(FileInfo) || plain == typeof(FileInfo[]))
            return "series.ts";
        Assert.Equal(typeof(string), plain);
        return "sample-value";
    }

    [Fact]
    public void OldEpochsStillFixesTheClassifierConfiguration()
    {
        var options = new Recurrent.Cli.Commands.ClassifierTrainingOptions("runs/test", defaultEpochs: 10);
        var command = new Command("train");
        options.AddTo(command);

        Assert.True(options.FixesTheConfiguration(command.Parse(["--epochs", "3"])));
        Assert.Equal(3, command.Parse(["--epochs", "3"]).GetValue(options.Training.MaxEpochs));
        Assert.False(options.FixesTheConfiguration(command.Parse(["--seed", "3"])));
    }

    [Fact]
    public void MissingDataNamesTheVariableAndTheOption()
    {
        string empty = Directory.CreateTempSubdirectory("recurrent-no-data-").FullName;
        try
        {
            var (code, _, error) = Invoke("forecast", "--dataset", "airline", "--data-dir", empty);

            Assert.Equal(1, code);
            Assert.Contains("RECURRENT_DATA", error, StringComparison.Ordinal);
            Assert.Contains("--data-dir", error, StringComparison.Ordinal);
            Assert.Contains("forecasting/tsdl/airline-passengers.csv", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void OldSpellingRunsWithAWarning()
    {
        var (code, output, error) = Invoke(
            "seq2seq",
            "addition",
            "--digits",
            "2",
            "--hidden",
            "4",
            "--embedding",
            "2",
            "--steps",
            "2",
            "--batch",
            "4",
            "--test",
            "5",
            "--eval-every",
            "2"
        );

        Assert.True(code == 0, error);
        Assert.Contains("warning: --steps is now --max-steps", error);
        Assert.Contains("warning: --batch is now --batch-size", error);
        Assert.Contains("exact_match", output);
    }
}
