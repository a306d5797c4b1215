using Recurrent.Cli.Plots;
using Recurrent.Training;
using Spectre.Console;
using System.Diagnostics;
using System.Globalization;

namespace Recurrent.Cli.Console;

/// <summary>
/// Runs a <see cref="Trainer{TBatch}"/> for a command: a live Spectre.Console display with a progress bar (epoch, step,
/// loss,
/// validation loss, items per second, ETA) when standard output is a terminal, plain progress lines otherwise;
/// Ctrl-C stops after the current step and saves a checkpoint (a second Ctrl-C kills the process); afterwards the
/// loss curve is drawn to <c>loss.png</c> next to the checkpoint.
/// </summary>
/// <remarks>
/// Call it from a synchronous <c>SetAction</c>: for asynchronous actions System.CommandLine handles Ctrl-C itself and
/// ends the process after its termination timeout, which could cut the checkpoint short.
/// </remarks>
public static class TrainingConsole
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trains, showing progress, and returns the result and the path of the loss plot (null when none was drawn).
    /// </summary>
    /// <param name="trainer">The trainer, ready to run (resumed already, if resuming).</param>
    /// <param name="itemName">What the items are called in the progress display (<c>tokens</c>,
    /// <c>samples</c>).</param>
    public static (TrainingResult Result, string? LossPlot) Run<TBatch>(
        Trainer<TBatch> trainer,
        string itemName = "items"
    )
    {
        ArgumentNullException.ThrowIfNull(trainer);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested)
                return;
            e.Cancel = true;
            cancel.Cancel();
            System.Console.Error.WriteLine(
                "stopping after this step and saving a checkpoint (Ctrl-C again to quit at once)"
            );
        };
        System.Console.CancelKeyPress += onCancel;
        try
        {
            bool live = !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            var result = live
                ? RunWithProgressBar(trainer, itemName, cancel.Token)
                : RunWithPlainLines(trainer, itemName, cancel.Token);
            return (result, trainer.WritesFiles ? DrawLossPlot(trainer) : null);
        }
        catch (TrainingDivergedException)
        {
            // The curve up to the blow-up is what tells the user whether to lower the rate or clip harder.
            if (trainer.WritesFiles)
                DrawLossPlot(trainer);
            throw;
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// A way to run the trainer of a library training recipe (a recipe's <c>run</c> argument): resume from
    /// <paramref name="resume"/> when given, then <see cref="Run{TBatch}"/>; <paramref name="finished"/> receives the
    /// result and the loss plot.
    /// </summary>
    public static Func<Trainer<TBatch>, TrainingResult> Runner<TBatch>(
        FileInfo? resume,
        string itemName,
        Action<TrainingResult, string?> finished
    )
    {
        ArgumentNullException.ThrowIfNull(finished);
        return trainer =>
        {
            if (resume is not null)
                trainer.LoadCheckpoint(resume.FullName);
            var (result, plot) = Run(trainer, itemName);
            finished(result, plot);
            return result;
        };
    }

    /// <summary>
    /// The headline results every training command prints: steps, losses, validation metrics (<c>val_{name}</c>),
    /// throughput, checkpoints.
    /// </summary>
    public static List<(string Key, object? Value)> Results(
        TrainingResult result,
        string? lossPlot,
        string itemName = "items"
    )
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            ("stop_reason", result.Reason.ToString().ToLowerInvariant()),
            ("steps", result.Steps),
            ("epochs", result.Epochs),
            ("train_loss", result.LastLoss),
            ("val_loss", result.ValidationLoss),
            ("best_val_loss", result.BestValidationLoss),
            .. result.ValidationMetrics.Select(m => ("val_" + m.Name, (object?)m.Value)),
            ($"{itemName}_per_s", result.ItemsPerSecond),
            ("elapsed_s", result.Elapsed.TotalSeconds),
            ("checkpoint", result.BestCheckpoint ?? result.LastCheckpoint),
            ("last_checkpoint", result.LastCheckpoint),
            ("loss_plot", lossPlot),
        ];
    }

    private static TrainingResult RunWithProgressBar<TBatch>(
        Trainer<TBatch> trainer,
        string itemName,
        CancellationToken cancellation
    )
    {
        TrainingResult? result = null;
        TrainingProgress? last = null;
        var sinceRefresh = Stopwatch.StartNew();
        AnsiConsole
            .Live(new Text("starting"))
            .AutoClear(false)
            .Start(context =>
            {
                void OnProgress(object? sender, TrainingProgress p)
                {
                    last = p;
                    if (p.Kind == TrainingEventKind.Step && sinceRefresh.ElapsedMilliseconds < 100)
                        return;
                    sinceRefresh.Restart();
                    context.UpdateTarget(Render(p, itemName));
                    context.Refresh();
                }
                trainer.Progress += OnProgress;
                try
                {
                    result = trainer.Run(cancellation);
                }
                finally
                {
                    trainer.Progress -= OnProgress;
                    if (last is not null)
                    {
                        context.UpdateTarget(Render(last, itemName));
                        context.Refresh();
                    }
                }
            });
        return result!;
    }

    // Two lines: where the run is (epoch, step, a bar, ETA), then how it is going (losses, rate, throughput).
    private static Rows Render(TrainingProgress p, string itemName)
    {
        var c = CultureInfo.InvariantCulture;
        int epoch = p.BatchInEpoch == 0 && p.Step > 0 ? p.Epoch : p.Epoch + 1;
        double? fraction =
            p.TotalSteps is { } total ? Math.Min(1, (double)p.Step / Math.Max(1, total))
            : p.Eta is { } eta ? p.Elapsed / (p.Elapsed + eta + TimeSpan.FromTicks(1))
            : null;
        string position = $"epoch {epoch}  step {(p.TotalSteps is { } t ? $"{p.Step}/{t}" : p.Step.ToString(c))}";
        string tail =
            (fraction is { } f ? $" {f * 100:F0}%  ETA {(p.Eta is { } e ? FormatTime(e) : "?")}" : "")
            + $"  ({FormatTime(p.Elapsed)})";
        int width = Math.Max(10, Math.Min(50, AnsiConsole.Profile.Width - position.Length - tail.Length - 4));
        string bar = fraction is { } g
            ? "[green]"
                + new string('━', (int)Math.Round(g * width))
                + "[/][grey]"
                + new string('─', width - (int)Math.Round(g * width))
                + "[/]"
            : "";
        string validation = p.ValidationLoss is { } v
            ? $"{v.ToString("F4", c)} (best {p.BestValidationLoss!.Value.ToString("F4", c)})"
            : "-";
        string status =
            $"loss {p.SmoothedLoss.ToString("F4", c)}  val {validation}{Metrics(p)}  lr "
                + $"{p.LearningRate.ToString("G3", c)}  "
            + $"|g| {p.GradientNorm.ToString("G3", c)}  {p.ItemsPerSecond.ToString("N0", c)} {itemName}/s";
        return new Rows(new Markup($"[bold]{Markup.Escape(position)}[/] {bar}{Markup.Escape(tail)}"), new Text(status));
    }

    private static TrainingResult RunWithPlainLines<TBatch>(
        Trainer<TBatch> trainer,
        string itemName,
        CancellationToken cancellation
    )
    {
        var sinceLastLine = Stopwatch.StartNew();
        void OnProgress(object? sender, TrainingProgress p)
        {
            bool due = p.Kind != TrainingEventKind.Step || sinceLastLine.Elapsed >= PlainLineInterval;
            if (!due)
                return;
            sinceLastLine.Restart();
            System.Console.Out.WriteLine(
                p.Kind == TrainingEventKind.Checkpoint ? $"saved {p.CheckpointPath}" : Describe(p, itemName)
            );
        }
        trainer.Progress += OnProgress;
        try
        {
            return trainer.Run(cancellation);
        }
        finally
        {
            trainer.Progress -= OnProgress;
        }
    }

    private static string Describe(TrainingProgress p, string itemName)
    {
        var c = CultureInfo.InvariantCulture;
        string step = p.TotalSteps is { } total ? $"{p.Step}/{total}" : p.Step.ToString(c);
        string validation = p.ValidationLoss is { } v ? v.ToString("F4", c) : "-";
        string eta = p.Eta is { } e ? FormatTime(e) : "?";
        string kind = p.Kind switch
        {
            TrainingEventKind.Evaluation => "evaluated: ",
            TrainingEventKind.EpochEnd => "epoch done: ",
            _ => "",
        };
        // Between epochs (and at the end) the epoch just finished is the one to show.
        int epoch = p.BatchInEpoch == 0 && p.Step > 0 ? p.Epoch : p.Epoch + 1;
        return $"{kind}epoch {epoch} step {step} loss {p.SmoothedLoss.ToString("F4", c)} val {validation}{Metrics(p)} "
            + $"lr {p.LearningRate.ToString("G3", c)} |g| {p.GradientNorm.ToString("G3", c)} "
                + $"{p.ItemsPerSecond.ToString("N0", c)} {itemName}/s ETA {eta}";
    }

    private static string Metrics(TrainingProgress p) =>
        string.Concat(
            p.ValidationMetrics.Select(m => $"  {m.Name} {m.Value.ToString("G4", CultureInfo.InvariantCulture)}")
        );

    private static string FormatTime(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";

    private static string? DrawLossPlot<TBatch>(Trainer<TBatch> trainer) =>
        trainer.MetricsPath is { } metrics ? DrawLossPlot(metrics) : null;

    /// <summary>
    /// Draws the loss curve of the run whose <c>metrics.jsonl</c> is <paramref name="metrics"/> to <c>loss.png</c>
    /// beside it (for runs a library recipe trained without this console); returns its path, or null when there was
    /// nothing to draw or no usable Skia library (a warning says so).
    /// </summary>
    public static string? DrawLossPlot(string metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!File.Exists(metrics))
            return null;
        string png = Path.Combine(Path.GetDirectoryName(metrics)!, "loss.png");
        try
        {
            return LossPlot.Write(metrics, png) ? png : null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or IOException)
        {
            // A machine without a usable Skia native library still gets its checkpoint and metrics.
            System.Console.Error.WriteLine(
                $"warning: the loss plot could not be drawn ({e.Message}); the metrics are in {metrics}"
            );
            return null;
        }
    }
}
