using Recurrent.Cli.Console;
using Recurrent.IO;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent seq2seq addition</c>: trains a character encoder-decoder on generated sums and reports the exact-match
/// accuracy of greedy and beam-search decoding on held-out problems never seen in training.
/// </summary>
public static class Seq2SeqCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var digits = new Option<int>("--digits")
        {
            Description = "Most digits of an operand.",
            DefaultValueFactory = _ => 3,
        };
        var hidden = new Option<int>("--hidden")
        {
            Description = "LSTM width of encoder and decoder.",
            DefaultValueFactory = _ => 128,
        };
        var embedding = new Option<int>("--embedding")
        {
            Description = "Character embedding width.",
            DefaultValueFactory = _ => 16,
        };
        var steps = new Option<int>("--max-steps")
        {
            Description = "Training updates (the learning rate decays over them).",
            DefaultValueFactory = _ => 8000,
        };
        var batch = new Option<int>("--batch-size")
        {
            Description = "Problems per update (freshly generated).",
            DefaultValueFactory = _ => 128,
        };
        var learningRate = new Option<double>("--lr")
        {
            Description = "Adam's learning rate (decays linearly to a tenth).",
            DefaultValueFactory = _ => 3e-3,
        };
        var target = new Option<double>("--target")
        {
            Description = "Stop early once greedy exact match on the validation problems reaches this (1: never).",
            DefaultValueFactory = _ => 1.0,
        };
        var evaluateEvery = new Option<int>("--eval-every")
        {
            Description = "Updates between validation checks.",
            DefaultValueFactory = _ => 500,
        };
        var testCount = new Option<int>("--test")
        {
            Description = "Held-out test problems.",
            DefaultValueFactory = _ => 1000,
        };
        var beam = new Option<int>("--beam")
        {
            Description = "Beam width of the beam-search decoding.",
            DefaultValueFactory = _ => 3,
        };
        var digitCountFirst = new Option<bool>("--digit-count-first")
        {
            Description =
                "Draw each operand's digit count first, as Keras does (short problems frequent); default: operands "
                    + "uniform in [0, 10^digits).",
        };
        var seed = SeedOption.Create();
        var outDirectory = new Option<string?>("--out")
        {
            Description =
                "Save the trained model to DIR/model.safetensors (with its alphabet), for recurrent export, "
                + "beside the run's best.safetensors, last.safetensors, metrics.jsonl and loss.png.",
        };
        var resume = new Option<FileInfo?>("--resume")
        {
            Description = "Continue the run saved in this checkpoint (DIR/last.safetensors) where it stopped.",
        };
        var addition = new Command(
            "addition",
            "Learn to add: read '535+61' as characters, write '596'. Problems are generated; the test problems are "
                + "held out of training."
        )
        {
            digits,
            hidden,
            embedding,
            steps,
            batch,
            learningRate,
            target,
            evaluateEvery,
            testCount,
            beam,
            digitCountFirst,
            seed,
            outDirectory,
            resume,
            new OldSpelling<int>(steps, "--steps"),
            new OldSpelling<int>(batch, "--batch"),
        };
        addition.SetAction(parse =>
            CommandRunner.Run(parse, output =>
                {
                    DistributedOption.RefuseUnderMpi("seq2seq addition");
                    return Addition(
                        output,
                        parse.GetValue(digits),
                        parse.GetValue(hidden),
                        parse.GetValue(embedding),
                        parse.GetValue(steps),
                        parse.GetValue(batch),
                        parse.GetValue(learningRate),
                        parse.GetValue(target),
                        parse.GetValue(evaluateEvery),
                        parse.GetValue(testCount),
                        parse.GetValue(beam),
                        parse.GetValue(digitCountFirst),
                        parse.GetValue(seed),
                        parse.GetValue(outDirectory),
                        parse.GetValue(resume)
                    );
                }
            )
        );
        return new Command(
            "seq2seq",
            "Encoder-decoder tasks that turn one sequence into another of a different length."
        )
        {
            addition,
        };
    }

    private static int Addition(
        TextWriter output,
        int digits,
        int hidden,
        int embedding,
        int steps,
        int batchSize,
        double learningRate,
        double target,
        int evaluateEvery,
        int testCount,
        int beam,
        bool digitCountFirst,
        ulong seed,
        string? outDirectory,
        FileInfo? resume
    )
    {
        if (digits is < 1 or > 6)
            throw new ArgumentException($"--digits must be 1 to 6; got {digits}.");
        var problems = new AdditionProblems(digits, digitCountFirst);
        const int validationCount = 1000;
        if (testCount < 1 || testCount + validationCount > problems.DistinctQuestions / 2)
            throw new ArgumentException(
                $"--digits {digits} gives {problems.DistinctQuestions} distinct problems; holding out --test "
                    + $"{testCount} and {validationCount} validation problems needs at least 1 test problem and leaves "
                        + $"at "
                    + "least half for training. Use more --digits or a smaller --test."
            );
        var rng = new RandomGenerator(seed);
        var test = problems.Distinct(testCount, rng);
        var validation = problems.Distinct(validationCount, rng, test.Select(p => p.Question).ToHashSet());
        var heldOut = test.Concat(validation).Select(p => p.Question).ToHashSet();
        var model = new CharSeq2Seq(
            new CharSeq2SeqConfig(problems.QuestionLength, problems.AnswerLength, embedding, hidden),
            rng
        );
        output.WriteLine(
            $"CharSeq2Seq: {model.ParameterCount:N0} parameters; {test.Count} test and {validation.Count} validation "
                + $"problems held out of training"
        );
        var training = new AdditionTraining
        {
            Steps = steps,
            BatchSize = batchSize,
            LearningRate = learningRate,
            Target = target,
            EvaluateEvery = evaluateEvery,
        };
        string? lossPlot = null;
        var run =
            outDirectory is null && resume is null
                ? null
                : TrainingConsole.Runner<IReadOnlyList<(string Question, string Answer)>>(
                    resume,
                    "problems",
                    (_, plot) => lossPlot = plot
                );
        var result = training.Train(model, problems, heldOut, validation, rng, outDirectory, run, output.WriteLine);
        double validationAccuracy = result.ValidationMetrics.Count > 0 ? result.ValidationMetrics[0].Value : 0;
        model.Eval();
        string? checkpoint = null;
        if (outDirectory is not null)
        {
            Directory.CreateDirectory(outDirectory);
            checkpoint = Path.Combine(outDirectory, "model.safetensors");
            model.Save(checkpoint);
        }
        var questions = test.Select(p => p.Question).ToList();
        var greedy = model.Greedy(questions);
        var beamed = questions.Select(q => model.Beam(q, beam)).ToArray();
        foreach (var i in Enumerable.Range(0, 5))
            output.WriteLine($"{questions[i],-8} -> {greedy[i],-5} (truth {test[i].Answer})");
        var wrong = Enumerable.Range(0, test.Count).Where(i => greedy[i] != test[i].Answer).ToList();
        var examples = wrong.Take(10).Select(i => $"{questions[i]} -> {greedy[i]} (truth {test[i].Answer})");
        output.WriteLine(
            $"greedy got {wrong.Count} wrong{(wrong.Count > 0 ? ", for example: " : "")}{string.Join("; ", examples)}"
        );
        var results = new List<(string, object?)>();
        if (checkpoint is not null)
            results.Add(("checkpoint", checkpoint));
        if (outDirectory is not null || resume is not null)
            results.AddRange(
                TrainingConsole
                    .Results(result, lossPlot, "problems")
                    .Where(r => r.Key is not ("checkpoint" or "steps" or "val_exact_match") && r.Value is not null)
            );
        results.AddRange([
            ("steps", result.Steps),
            ("problems_seen", result.Steps * batchSize),
            ("train_seconds", result.Elapsed.TotalSeconds),
            ("validation_exact_match", validationAccuracy),
            ("test_problems", test.Count),
            ("greedy_exact_match", ExactMatch(greedy, test)),
            ("beam_width", beam),
            ("beam_exact_match", ExactMatch(beamed, test)),
        ]);
        ResultLines.Write(output, results);
        return 0;
    }

    private static double ExactMatch(IReadOnlyList<string> answers, List<(string Question, string Answer)> problems) =>
        AdditionTraining.ExactMatch(answers, problems);
}
