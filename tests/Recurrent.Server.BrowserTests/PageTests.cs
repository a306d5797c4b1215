using System.Net.Http.Json;
using System.Text.Json;

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
}
