using Recurrent.Cli.Console;
using Recurrent.Models.Text;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent text sample</c>: generates text from a trained character model, writing each character as soon as
/// it is made.
/// </summary>
public static class TextSampleCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A checkpoint from 'text train', or its run directory (best.safetensors is used).",
            DefaultValueFactory = _ => TextTrainCommand.DefaultRunDirectory,
        };
        var prime = new Option<string>("--prime")
        {
            Description = "Text the model reads first and continues (printed as given).",
            DefaultValueFactory = _ => "",
        };
        var length = new Option<int>("--length")
        {
            Description = "Number of characters to generate.",
            DefaultValueFactory = _ => 1000,
        };
        var temperature = new Option<double>("--temperature")
        {
            Description = "Below 1 safer and more repetitive, above 1 more surprising.",
            DefaultValueFactory = _ => 0.8,
        };
        var topK = new Option<int>("--top-k")
        {
            Description = "Sample only among the k most likely characters (0: all).",
            DefaultValueFactory = _ => 0,
        };
        var topP = new Option<double>("--top-p")
        {
            Description = "Sample only among the most likely characters that make up probability p (1: all).",
            DefaultValueFactory = _ => 1.0,
        };
        var seed = SeedOption.Create("Random seed; the same seed gives the same text.");
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely character." };
        var weights = TextCommand.WeightsOption();
        var command = new Command("sample", "Generate text from a trained character model, streaming it as it is made.")
        {
            model,
            prime,
            length,
            temperature,
            topK,
            topP,
            seed,
            greedy,
            weights,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var options = new SamplingOptions
                {
                    Temperature = parse.GetValue(temperature),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    Greedy = parse.GetValue(greedy),
                };
                options.Validate();
                int count = parse.GetValue(length);
                if (count < 0)
                    throw new ArgumentException($"--length must not be negative; got {count}.");
                string primeText = parse.GetValue(prime) ?? "";
                var lm = TextCommand.LoadModel(parse.GetValue(model)!);
                lm.Vocabulary.Encode(primeText, "prime text");
                using var sampler = new CharSampler(lm, TextCommand.Weights(parse.GetValue(weights)!));
                output.Write(primeText);
                sampler.Generate(primeText, count, options, parse.GetValue(seed), output.Write);
                output.WriteLine();
                return 0;
            }));
        return command;
    }
}
