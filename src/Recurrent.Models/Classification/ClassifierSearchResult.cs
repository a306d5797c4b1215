using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recurrent.Models.Classification;

/// <summary>
/// What a <see cref="ClassifierSearch"/> tried, how every candidate scored at every rung, and the model it chose.
/// </summary>
public sealed record ClassifierSearchResult
{
    /// <summary>Every candidate, anchors first; candidate i is named <see cref="CandidateName"/>(i).</summary>
    public required IReadOnlyList<ClassifierCandidate> Candidates { get; init; }

    /// <summary>How many of <see cref="Candidates"/> are the space's anchors.</summary>
    public required int AnchorCount { get; init; }

    /// <summary>
    /// Every candidate's score at every rung it ran, rung by rung and best first within a rung; the chosen candidate's
    /// final training on all folds is last.
    /// </summary>
    public required IReadOnlyList<CandidateScore> Scores { get; init; }

    /// <summary>The index of the chosen candidate in <see cref="Candidates"/>.</summary>
    public required int ChosenIndex { get; init; }

    /// <summary>The chosen candidate's name.</summary>
    public string Chosen => CandidateName(ChosenIndex);

    /// <summary>
    /// The chosen candidate's score on all the folds, with the full number of updates (the last of
    /// <see cref="Scores"/>).
    /// </summary>
    public CandidateScore Final => Scores[^1];

    /// <summary>The chosen candidate.</summary>
    public ClassifierCandidate ChosenCandidate => Candidates[ChosenIndex];

    /// <summary>The final model: the chosen candidate's fold models, whose class probabilities are averaged.</summary>
    public required ClassifierEnsemble Ensemble { get; init; }

    /// <summary>
    /// The last rung's runner-up when its fold models joined the chosen one's in <see cref="Ensemble"/> (their
    /// averaged probabilities got at least as many validation series right as the chosen models alone), else null.
    /// </summary>
    public int? PartnerIndex { get; init; }

    /// <summary>
    /// The seeds each fold model of the chosen candidate was trained with, all in <see cref="Ensemble"/>:
    /// <see cref="ClassifierSearchOptions.FinalSeeds"/>, or fewer when the time budget did not leave room for more.
    /// </summary>
    public int Seeds { get; init; } = 1;

    /// <summary>
    /// The cross-validated score of the final ensemble (each validation fold scored by the models of that fold),
    /// or null when the search ended before the last rung.
    /// </summary>
    public CandidateScore? EnsembleScore { get; init; }

    /// <summary>The number of cross-validation folds.</summary>
    public required int Folds { get; init; }

    /// <summary>Series per batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The chosen model's updates per fold; rung r of R trains for this divided by 2^(R - r).</summary>
    public required long Updates { get; init; }

    /// <summary>The number of rungs before the final training.</summary>
    public required int Rungs { get; init; }

    /// <summary>The seed of the search.</summary>
    public required ulong Seed { get; init; }

    /// <summary>
    /// Whether the time budget cut the search short (fewer candidates, rungs, updates or seeds than planned).
    /// </summary>
    public required bool CutShort { get; init; }

    /// <summary>The time budget.</summary>
    public required TimeSpan MaxDuration { get; init; }

    /// <summary>The time the search took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The directory holding <c>fold-k/best.safetensors</c> and <c>search.json</c>, or null when nothing was kept on
    /// disk.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>The name of candidate <paramref name="index"/> (0-based): <c>c01</c>, <c>c02</c>, ...</summary>
    public static string CandidateName(int index) => "c" + (index + 1).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>
    /// The whole search as JSON: the plan, every candidate's settings, every score, the choice (written as
    /// <c>search.json</c>).
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", Seed);
            json.WriteNumber("folds", Folds);
            json.WriteNumber("batch_size", BatchSize);
            json.WriteNumber("updates", Updates);
            json.WriteNumber("rungs", Rungs);
            json.WriteNumber("max_duration_s", MaxDuration.TotalSeconds);
            json.WriteNumber("elapsed_s", Math.Round(Elapsed.TotalSeconds, 3));
            json.WriteBoolean("cut_short", CutShort);
            json.WriteStartArray("candidates");
            for (int i = 0; i < Candidates.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", CandidateName(i));
                json.WriteBoolean("anchor", i < AnchorCount);
                WriteSettings(json, Candidates[i]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("scores");
            foreach (var score in Scores)
                WriteScore(json, score);
            json.WriteEndArray();
            json.WritePropertyName("chosen");
            json.WriteStartObject();
            json.WriteString("name", Chosen);
            WriteSettings(json, ChosenCandidate);
            WriteNumber(json, "cv_accuracy", Final.Accuracy);
            WriteNumber(json, "cv_loss", Final.Loss);
            int members = Ensemble.Members.Count;
            json.WriteString(
                "model",
                $"the mean of the class probabilities of the {members} fold models, fold-k/best.safetensors"
            );
            json.WriteNumber("seeds", Seeds);
            if (PartnerIndex is { } partner)
            {
                json.WriteString("partner", CandidateName(partner));
                WriteSettings(json, Candidates[partner], "partner_settings");
            }
            json.WriteEndObject();
            if (EnsembleScore is { } ensemble)
            {
                json.WritePropertyName("ensemble");
                WriteScore(json, ensemble);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSettings(Utf8JsonWriter json, ClassifierCandidate candidate, string name = "settings")
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        foreach (var (key, value) in candidate.Settings)
            json.WriteString(key, value);
        json.WriteEndObject();
    }

    private static void WriteScore(Utf8JsonWriter json, CandidateScore score)
    {
        json.WriteStartObject();
        json.WriteString("candidate", score.Candidate);
        json.WriteNumber("rung", score.Rung);
        json.WriteNumber("updates", score.Updates);
        json.WriteNumber("correct", score.Correct);
        json.WriteNumber("total", score.Total);
        WriteNumber(json, "accuracy", score.Accuracy);
        WriteNumber(json, "loss", score.Loss);
        json.WriteNumber("seconds", Math.Round(score.Seconds, 3));
        json.WriteBoolean("kept", score.Kept);
        json.WriteStartArray("folds");
        foreach (var fold in score.Folds)
        {
            json.WriteStartObject();
            json.WriteNumber("fold", fold.Fold);
            json.WriteNumber("steps", fold.Steps);
            json.WriteNumber("correct", fold.Correct);
            json.WriteNumber("total", fold.Total);
            WriteNumber(json, "loss", fold.Loss);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // JSON has no NaN: a score without an evaluation is null.
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, value);
        else
            json.WriteNull(name);
    }
}
