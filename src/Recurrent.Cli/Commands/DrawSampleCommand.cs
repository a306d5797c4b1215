using Recurrent.Cli.Console;
using Recurrent.Cli.Plots;
using Recurrent.Datasets;
using Recurrent.Models.Drawing;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw sample</c> writes a text in the model's handwriting, one character after the other on a line;
/// <c>recurrent draw grid</c> draws many samples of every character, one row per character.
/// </summary>
public static class DrawSampleCommand
{
    /// <summary>Creates <c>draw sample</c>.</summary>
    public static Command Create()
    {
        var model = DrawCommand.ModelsOption();
        var text = new Option<string?>("--text")
        {
            Description =
                "The characters to draw, in order, on one line (spaces leave a gap). Not for an unconditional model.",
        };
        var count = new Option<int>("--count")
        {
            Description = "Without --text: how many drawings of an unconditional model to draw on the line.",
            DefaultValueFactory = _ => 8,
        };
        var (bias, temperature, seed) = SamplingOptions();
        var output = new Option<string>("--picture")
        {
            Description = "The picture: .svg (written directly) or .png.",
            DefaultValueFactory = _ => "drawing.svg",
        };
        var animate = new Option<bool>("--animate")
        {
            Description = "Make the SVG show the pen writing, stroke by stroke, in a browser (SMIL animation).",
        };
        var command = new Command(
            "sample",
            "Draw a text with a trained model (Graves's bias b makes the strokes steadier) into an SVG or PNG picture."
        )
        {
            model,
            text,
            count,
            bias,
            temperature,
            seed,
            output,
            animate,
            new OldSpelling<string>(output, "--out"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                var drawingModel = DrawCommand.LoadModels(parse, model);
                string? requested = parse.GetValue(text);
                var config = drawingModel.Config;
                int[] labels;
                if (requested is null)
                {
                    if (config.Conditional)
                        throw new ArgumentException(
                            $"The model draws requested characters; pass --text with some of: {config.Labels}."
                        );
                    int n = parse.GetValue(count);
                    if (n < 1)
                        throw new ArgumentException($"--count must be positive; got {n}.");
                    labels = new int[n];
                }
                else
                {
                    if (requested.Length == 0)
                        throw new ArgumentException("--text is empty.");
                    labels = requested.Where(ch => ch != ' ').Select(config.LabelIndex).ToArray();
                }
                var drawings = new DrawingSampler(drawingModel).Sample(
                    labels,
                    Bias(parse, bias),
                    Temperature(parse, temperature),
                    parse.GetValue(seed)
                );
                var line = new List<StrokeSequence>();
                int next = 0;
                foreach (char ch in requested ?? new string('x', labels.Length))
                    line.Add(ch == ' ' ? new StrokeSequence([]) : drawings[next++]);
                string path = parse.GetValue(output)!;
                DrawingPicture.Write(path, [line], animated: parse.GetValue(animate));
                ResultLines.Write(
                    writer,
                    [("characters", labels.Length), ("points", drawings.Sum(d => d.Length)), ("picture", path)]
                );
                return 0;
            }));
        return command;
    }

    /// <summary>Creates <c>draw grid</c>.</summary>
    public static Command CreateGrid()
    {
        var model = DrawCommand.ModelsOption();
        var perRow = new Option<int>("--per-row")
        {
            Description = "Samples per character (one row per character).",
            DefaultValueFactory = _ => 10,
        };
        var labels = new Option<string?>("--labels")
        {
            Description = "The characters to draw, one row each (default: every character the model knows).",
        };
        var (bias, temperature, seed) = SamplingOptions();
        var output = new Option<string>("--picture")
        {
            Description = "The picture: .svg or .png.",
            DefaultValueFactory = _ => "grid.png",
        };
        var command = new Command(
            "grid",
            "Draw many samples of each character a model knows, one row per character, into an SVG or PNG picture."
        )
        {
            model,
            perRow,
            labels,
            bias,
            temperature,
            seed,
            output,
            new OldSpelling<string>(output, "--out"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                var drawingModel = DrawCommand.LoadModels(parse, model);
                var config = drawingModel.Config;
                int n = parse.GetValue(perRow);
                if (n < 1)
                    throw new ArgumentException($"--per-row must be positive; got {n}.");
                var rows = config.Conditional
                    ? (parse.GetValue(labels) ?? config.Labels).Select(config.LabelIndex).ToArray()
                    : Enumerable.Repeat(0, 10).ToArray();
                var drawings = new DrawingSampler(drawingModel).Sample(
                    rows.SelectMany(r => Enumerable.Repeat(r, n)).ToArray(),
                    Bias(parse, bias),
                    Temperature(parse, temperature),
                    parse.GetValue(seed)
                );
                string path = parse.GetValue(output)!;
                DrawingPicture.Write(
                    path,
                    Enumerable
                        .Range(0, rows.Length)
                        .Select(r => (IReadOnlyList<StrokeSequence>)drawings.Skip(r * n).Take(n).ToList())
                        .ToList()
                );
                ResultLines.Write(writer, [("drawings", drawings.Count), ("picture", path)]);
                return 0;
            }));
        return command;
    }

    /// <summary>The <c>--bias</c>, <c>--temperature</c> and <c>--seed</c> options of sampling.</summary>
    public static (Option<double> Bias, Option<double> Temperature, Option<ulong> Seed) SamplingOptions() =>
        (
            new Option<double>("--bias")
            {
                Description =
                    "Graves's sampling bias b >= 0: sigma = exp(sigma_hat - b), pi = softmax(pi_hat (1 + b)); larger "
                        + "is steadier.",
                DefaultValueFactory = _ => 1.0,
            },
            new Option<double>("--temperature")
            {
                Description = "Divides the logits and scales the variances (1 samples the model as is).",
                DefaultValueFactory = _ => 1.0,
            },
            SeedOption.Create("Random seed; the same seed draws the same picture.")
        );

    /// <summary>The checked <c>--bias</c>.</summary>
    public static double Bias(ParseResult parse, Option<double> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double b = parse.GetValue(option);
        if (!(b >= 0))
            throw new ArgumentException($"--bias must be 0 or more; got {b.ToString(CultureInfo.InvariantCulture)}.");
        return b;
    }

    /// <summary>The checked <c>--temperature</c>.</summary>
    public static double Temperature(ParseResult parse, Option<double> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double t = parse.GetValue(option);
        if (!(t > 0))
            throw new ArgumentException(
                $"--temperature must be positive; got {t.ToString(CultureInfo.InvariantCulture)}."
            );
        return t;
    }
}
