using OpenQA.Selenium;

namespace Recurrent.Tests.Browser;

/// <summary>
/// The page opened from its file, with no server behind it: the browser starts, the script runs, and a failed model
/// list is shown as an error instead of an empty page.
/// </summary>
public class StaticPageTests
{
    [Fact]
    public void WithoutAServerThePageSaysTheModelsCouldNotBeListed()
    {
        using var chromium = new HeadlessChromium();
        chromium.Open(PageFiles.IndexFileUrl);
        var error = chromium.ById("models-error");
        chromium.WaitUntil(() => error.Displayed, "the models error", "static-no-server");
        chromium.Screenshot("static-no-server");

        Assert.Equal("Recurrent", chromium.Driver.Title);
        Assert.StartsWith("Could not list the models:", error.Text, StringComparison.Ordinal);
        Assert.All(
            new[] { "text", "draw", "classify", "forecast" },
            use => Assert.False(chromium.ById(use).Displayed, $"the {use} part shows though no model is listed")
        );
        Assert.Empty(chromium.Driver.FindElements(By.CssSelector("option")));
    }
}
