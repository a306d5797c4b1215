using OpenQA.Selenium;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.Browser;

/// <summary>
/// The page of <c>recurrent serve</c> driven in headless Chromium against the real server: each use typed into the
/// page as a person would, and what the page shows checked against the API's own answer to the same request.
/// Screenshots are saved in <c>screenshots/</c> of the test output folder.
/// </summary>
public sealed class PageTests(ServedPage page) : IClassFixture<ServedPage>
{
    private HeadlessChromium Chromium => page.Chromium;

    private void Type(string id, string value)
    {
        var element = Chromium.ById(id);
        element.Clear();
        element.SendKeys(value);
    }

    private string TextContent(string id) =>
        (string)Chromium.Script("return document.getElementById(arguments[0]).textContent", id)!;

    private void WaitUntilDone(string use, string screenshot) =>
        Chromium.WaitUntil(
            () => Chromium.ById(use).GetDomAttribute("data-done") == "true",
            $"the {use} part to finish",
            screenshot
        );

    private async Task<JsonElement> Post(string path, object body)
    {
        using var response = await page.Http.PostAsJsonAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public void ThePageListsEachModelInThePartOfItsUse()
    {
        page.OpenPage();
        Assert.Equal(TinyServedModels.Text, Chromium.ById("text-model").GetDomProperty("value"));
        Assert.Equal(TinyServedModels.Drawing, Chromium.ById("draw-model").GetDomProperty("value"));
        Assert.Equal(TinyServedModels.Classifier, Chromium.ById("classify-model").GetDomProperty("value"));
        Assert.Equal(TinyServedModels.Forecaster, Chromium.ById("forecast-model").GetDomProperty("value"));
        Assert.True(Chromium.ById("text").Displayed);
        Assert.False(Chromium.ById("models-error").Displayed);
        Assert.Contains("char-lm", TextContent("text-config"));
        Chromium.Screenshot("page-models");
    }

    [Fact]
    public async Task TextStreamsInAsTheApiSamplesIt()
    {
        page.OpenPage();
        Type("text-prime", "ROMEO:\n");
        Type("text-length", "300");
        Type("text-temperature", "0.9");
        Type("text-seed", "7");
        Chromium.ById("text-go").Click();
        WaitUntilDone("text", "text-generate");
        Chromium.Screenshot("text-generate");

        Assert.False(Chromium.ById("text-error").Displayed, TextContent("text-error"));
        string shown = TextContent("text-output-sampled");
        var answer = await Post(
            "/v1/text/generate",
            new
            {
                model = TinyServedModels.Text,
                prime = "ROMEO:\n",
                length = 300,
                temperature = 0.9,
                seed = 7,
                stream = false,
            }
        );
        Assert.Equal(answer.GetProperty("text").GetString(), shown);
        Assert.Equal(300, shown.Length);
        Assert.Equal("ROMEO:\n", TextContent("text-output-prime"));
        Assert.StartsWith("300 characters in ", TextContent("text-status"), StringComparison.Ordinal);
        Assert.True(int.Parse(Chromium.ById("text").GetDomAttribute("data-events")!) >= 1);
    }

    [Fact]
    public async Task TextShowsWhileItIsSampledAndStopEndsTheStream()
    {
        page.OpenPage();
        Type("text-length", ServedPage.LongGeneration.ToString(CultureInfo.InvariantCulture));
        Type("text-seed", "1");
        Chromium.ById("text-go").Click();
        Chromium.WaitUntil(() => TextContent("text-output-sampled").Length > 0, "the first characters", "text-stop");
        Assert.Equal("false", Chromium.ById("text").GetDomAttribute("data-done"));
        Assert.True(Chromium.ById("text-stop").Enabled);
        Chromium.ById("text-stop").Click();
        WaitUntilDone("text", "text-stop");
        Chromium.Screenshot("text-stop");

        var stopped = Regex.Match(TextContent("text-status"), @"^Stopped after (\d+) characters\.$");
        Assert.True(stopped.Success, TextContent("text-status"));
        int shown = int.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(shown, 1, ServedPage.LongGeneration - 1);
        Assert.Equal(shown, TextContent("text-output-sampled").Length);
        Assert.False(Chromium.ById("text-error").Displayed, TextContent("text-error"));
        Assert.True(Chromium.ById("text-go").Enabled);
        using var health = await page.Http.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public void ACharacterTheModelDoesNotKnowIsShownAsTheServersError()
    {
        page.OpenPage();
        Type("text-prime", "ROMEO~");
        Chromium.ById("text-go").Click();
        WaitUntilDone("text", "text-error");
        Chromium.Screenshot("text-error");

        var error = Chromium.ById("text-error");
        Assert.True(error.Displayed);
        Assert.StartsWith("400 Bad Request: ", error.Text, StringComparison.Ordinal);
        Assert.Contains("position 5, which is not in the model's vocabulary", error.Text, StringComparison.Ordinal);
        Assert.Equal("", TextContent("text-output-sampled"));
        Assert.True(Chromium.ById("text-go").Enabled);
    }

    [Fact]
    public async Task TheDrawingModelWritesTheTextStrokeByStroke()
    {
        page.OpenPage();
        Type("draw-text", "abba");
        Type("draw-bias", "1.5");
        Type("draw-seed", "4");
        Chromium.ById("draw-go").Click();
        WaitUntilDone("draw", "draw");
        Chromium.Screenshot("draw");

        Assert.False(Chromium.ById("draw-error").Displayed, TextContent("draw-error"));
        var answer = await Post(
            "/v1/draw",
            new
            {
                model = TinyServedModels.Drawing,
                text = "abba",
                bias = 1.5,
                seed = 4,
            }
        );
        int[] pointsPerStroke =
        [
            .. answer
                .GetProperty("drawings")
                .EnumerateArray()
                .SelectMany(d => d.GetProperty("strokes").EnumerateArray())
                .Select(stroke => stroke.GetArrayLength()),
        ];
        // Each stroke is one path, drawn with one M and then an L per further point, in the order of the answer.
        var drawn = (IReadOnlyCollection<object>)
            Chromium.Script(
                "return [...document.querySelectorAll('#draw-canvas path')]"
                    + ".map(p => (p.getAttribute('d') || '').match(/[ML]/g).length)"
            )!;
        Assert.Equal(pointsPerStroke, drawn.Select(Convert.ToInt32));
        Assert.Equal(
            $"{pointsPerStroke.Length} strokes, {pointsPerStroke.Sum()} points",
            TextContent("draw-status")
        );
    }

    [Fact]
    public async Task APastedSeriesGetsABarPerClass()
    {
        page.OpenPage();
        Type("classify-series", "0.5, 1.5, 2.5, 3.0, 4.5, 6");
        Chromium.ById("classify-go").Click();
        WaitUntilDone("classify", "classify");
        Chromium.Screenshot("classify");

        Assert.False(Chromium.ById("classify-error").Displayed, TextContent("classify-error"));
        double[][] steps = [[0.5], [1.5], [2.5], [3.0], [4.5], [6]];
        var answer = await Post("/v1/classify", new { model = TinyServedModels.Classifier, series = steps });
        var labels = answer.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var probabilities = answer
            .GetProperty("predictions")[0]
            .GetProperty("probabilities")
            .EnumerateArray()
            .Select(p => p.GetDouble())
            .ToArray();
        var expected = labels
            .Zip(probabilities)
            .OrderByDescending(c => c.Second)
            .Select(c => $"{c.First} {(c.Second * 100).ToString("F1", CultureInfo.InvariantCulture)}%");
        var bars = Chromium.Driver.FindElements(By.CssSelector("#classify-bars li"));
        Assert.Equal(expected, bars.Select(b => b.Text.Replace("\n", " ", StringComparison.Ordinal)));
        Assert.Equal(TinyServedModels.ClassLabels.Order(), labels.Order());
        Assert.Contains("top", bars[0].GetDomAttribute("class"), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoChannelsForAOneChannelClassifierAreShownAsTheServersError()
    {
        page.OpenPage();
        Type("classify-series", "1 2 3\n4 5 6");
        Chromium.ById("classify-go").Click();
        WaitUntilDone("classify", "classify-error");
        Chromium.Screenshot("classify-error");

        var error = Chromium.ById("classify-error");
        Assert.True(error.Displayed);
        Assert.StartsWith(
            "400 Bad Request: Step 0 of \"series\" has 2 values",
            error.Text,
            StringComparison.Ordinal
        );
        Assert.Empty(Chromium.Driver.FindElements(By.CssSelector("#classify-bars li")));
    }

    [Fact]
    public void AForecastIsPlottedWithItsBandAroundTheMedian()
    {
        page.OpenPage();
        Type("forecast-history", "3 4 5 4 3 4 5 6 5 4 5 6");
        Type("forecast-seed", "5");
        Chromium.ById("forecast-go").Click();
        WaitUntilDone("forecast", "forecast");
        Chromium.Screenshot("forecast");

        Assert.False(Chromium.ById("forecast-error").Displayed, TextContent("forecast-error"));
        int horizon = TinyServedModels.ForecastHorizon;
        Assert.Equal($"12 observed, {horizon} forecast (median, band 10%–90%)", TextContent("forecast-legend"));
        // The plot's points, in SVG units (y downwards): the history, the median from the last observed value on, and
        // the band, along the 90% quantile out and back along the 10% quantile.
        double[][] Points(string selector) =>
            [
                .. ((string)Chromium.Script($"return document.querySelector('{selector}').getAttribute('points')")!)
                    .Split(' ')
                    .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()),
            ];
        var history = Points("#forecast-plot .history");
        var median = Points("#forecast-plot .median");
        var band = Points("#forecast-plot .band");
        Assert.Equal(12, history.Length);
        Assert.Equal(horizon + 1, median.Length);
        Assert.Equal(1 + 2 * horizon, band.Length);
        Assert.Equal(history[^1], median[0]);
        for (int step = 1; step <= horizon; step++)
        {
            var (high, low) = (band[step], band[band.Length - step]);
            Assert.Equal(median[step][0], high[0]);
            Assert.Equal(median[step][0], low[0]);
            Assert.InRange(median[step][1], high[1], low[1]);
        }
    }

    [Fact]
    public void AHistoryShorterThanTheModelReadsIsShownAsTheServersError()
    {
        page.OpenPage();
        Type("forecast-history", "1, 2, 3");
        Chromium.ById("forecast-go").Click();
        WaitUntilDone("forecast", "forecast-error");
        Chromium.Screenshot("forecast-error");

        var error = Chromium.ById("forecast-error");
        Assert.True(error.Displayed);
        Assert.StartsWith("400 Bad Request: \"history\" must have ", error.Text, StringComparison.Ordinal);
        Assert.Empty(Chromium.Driver.FindElements(By.CssSelector("#forecast-plot polyline")));
    }
}
