using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Models.Classification;
using System.Globalization;
using System.Text;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Server.Classification;

/// <summary>
/// <c>POST /v1/classify</c>: one series as JSON, or a <c>.ts</c> or UCR archive file (<c>text/plain</c>) or a CSV table
/// (<c>text/csv</c>) with the model in the query; answers the labels and every series' probabilities.
/// </summary>
internal static class ClassifyEndpoints
{
    public const string Path = "/v1/classify";
    private const string Source = "the request body";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, Classify)
            .WithName("Classify")
            .WithSummary("Classifies series: labels and probabilities.")
            .WithDescription(
                "A JSON body {\"model\", \"series\": [[channel values of step 1], ...]} holds one series; a text/plain "
                    + "body holds a UCR/UEA .ts or ARFF file, a table with a header line and one series per row, or "
                    + "a file in the UCR archive's format (a label and the values on each line; also as "
                    + "text/tab-separated-values), and a text/csv body one series as a table (rows: steps, columns: "
                    + "channels, a header line), the model named in the query (?model=NAME)."
            )
            .Accepts<ClassifyRequest>("application/json", "text/plain", "text/tab-separated-values", "text/csv")
            .Produces<ClassifyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> Classify(HttpContext context, ModelCatalog catalog, ServerOptions options)
    {
        var request = context.Request;
        ClassifierModel model;
        TimeSeriesDataset data;
        if (JsonBody.IsJson(request))
        {
            var body = await JsonBody.ReadAsync<ClassifyRequest>(request, ServerJson.Options(context));
            model = catalog.Get<ClassifierModel>(body.Model, "a sequence classifier");
            data = FromJson(body.Series, model.Channels, options.MaxSeriesValues);
        }
        else
        {
            string? type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (type is not ("text/plain" or "text/tab-separated-values" or "text/csv"))
                throw new RequestRejectedException(
                    StatusCodes.Status415UnsupportedMediaType,
                    "The body must be JSON (application/json), a .ts or UCR archive file (text/plain, or "
                        + "text/tab-separated-values for the archive's .tsv) or a CSV table (text/csv); got "
                        + $"'{request.ContentType ?? "none"}'."
                );
            model = catalog.Get<ClassifierModel>(request.Query["model"].FirstOrDefault(), "a sequence classifier");
            string text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
            data = type == "text/csv" ? FromCsv(text) : FromText(text);
            long values = data.Series.Sum(s => (long)s.Length);
            if (values > options.MaxSeriesValues)
                throw RequestRejectedException.BadRequest(
                    $"The series hold {values} values; at most {options.MaxSeriesValues} are accepted."
                );
        }
        float[] probabilities;
        try
        {
            data.EnsureChannels(model.Channels);
            ClassifierInput.EnsureObserved(data);
            probabilities = model.PredictProbabilities(data);
        }
        catch (InvalidDataException e)
        {
            throw RequestRejectedException.BadRequest(e.Message);
        }
        var labels = model.Ensemble.Labels;
        var predictions = new Prediction[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            var row = probabilities.AsSpan(i * labels.Count, labels.Count).ToArray();
            predictions[i] = new Prediction(labels[TensorPrimitives.IndexOfMax(row)], row);
        }
        return TypedResults.Ok(new ClassifyResponse(model.Name, labels.Labels, predictions));
    }

    private static TimeSeriesDataset FromJson(float?[][]? series, int channels, int maxValues)
    {
        if (series is null || series.Length == 0)
            throw RequestRejectedException.BadRequest(
                $"\"series\" must hold at least one step: [[{channels} values], [{channels} values], ...]."
            );
        if ((long)series.Length * channels > maxValues)
            throw RequestRejectedException.BadRequest(
                $"The series has {series.Length} steps of {channels} values; at most {maxValues} values are accepted."
            );
        var values = new float[series.Length * channels];
        for (int t = 0; t < series.Length; t++)
        {
            var step = series[t];
            if (step is null || step.Length != channels)
            {
                string count = step is null ? "no" : step.Length.ToString(CultureInfo.InvariantCulture);
                throw RequestRejectedException.BadRequest(
                    $"Step {t} of \"series\" has {count} values; the model reads {channels} channel(s), so every step "
                        + $"needs {channels}."
                );
            }
            for (int c = 0; c < channels; c++)
            {
                float value = step[c] ?? float.NaN;
                if (float.IsInfinity(value))
                    throw RequestRejectedException.BadRequest(
                        $"Value {c} of step {t} of \"series\" is too large for a 32-bit float."
                    );
                values[t * channels + c] = value;
            }
        }
        return new TimeSeriesDataset(Source, channels, [values], [""], [1], recordKind: "series");
    }

    private static TimeSeriesDataset FromText(string text)
    {
        try
        {
            var data = ClassificationFile.Parse(text.Split('\n'), Source, requireLabels: false);
            return data.Count > 0
                ? data
                : throw RequestRejectedException.BadRequest("The .ts body holds no series after its header.");
        }
        catch (FormatException e)
        {
            throw RequestRejectedException.BadRequest(e.Message);
        }
    }

    private static TimeSeriesDataset FromCsv(string text)
    {
        if (text.TrimStart('\uFEFF').Split('\n', 2)[0].Trim().Length == 0)
            throw RequestRejectedException.BadRequest(
                "The CSV body must start with a header line naming the channels."
            );
        TimeSeriesTable table;
        try
        {
            // The separator and the header as the command line reads a file: told from the text, or Excel's sep=.
            var columns = TimeSeriesCsv.ParseColumnNames(text, Source);
            table = TimeSeriesCsv.Parse(
                text,
                Source,
                new TimeSeriesCsvOptions { ValueColumns = [.. columns], Missing = MissingValuePolicy.Mask }
            );
        }
        catch (FormatException e)
        {
            throw RequestRejectedException.BadRequest(e.Message);
        }
        var values = (float[])table.Values.Clone();
        if (table.Observed is { } observed)
            for (int i = 0; i < values.Length; i++)
                if (!observed[i])
                    values[i] = float.NaN;
        return new TimeSeriesDataset(Source, table.Channels, [values], [""], [2], recordKind: "table from line");
    }
}
