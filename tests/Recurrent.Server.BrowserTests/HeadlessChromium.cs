using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Recurrent.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven through Debian's chromedriver of the same version. Browser downloads are not
/// possible here, so both must be installed (<c>apt-get install -y chromium chromium-driver</c>, as <c>.ci/run</c>
/// does); when either is missing or the browser does not start, the constructor throws and the test fails saying so.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private const string InstallHint =
        "install Debian's browser and its driver: apt-get install -y chromium chromium-driver";

    private readonly ChromeDriver _driver;

    /// <summary>Starts the browser with a window of the given size in pixels, tall enough for the whole page.</summary>
    public HeadlessChromium(int width = 1280, int height = 1600)
    {
        string browser = Find("RECURRENT_CHROMIUM", "chromium");
        string driver = Find("RECURRENT_CHROMEDRIVER", "chromedriver");
        var service = ChromeDriverService.CreateDefaultService(
            Path.GetDirectoryName(driver)!,
            Path.GetFileName(driver)
        );
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        // --no-sandbox: the tests run as root, where Chromium refuses its sandbox; /dev/shm is small in containers.
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--force-device-scale-factor=1",
            $"--window-size={width},{height}"
        );
        try
        {
            _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        }
        catch (WebDriverException error)
        {
            service.Dispose();
            throw new InvalidOperationException(
                $"Chromium ({browser}) did not start through {driver}: {error.Message}. "
                    + $"If it is missing, {InstallHint}.",
                error
            );
        }
    }

    /// <summary>The browser, for what this class does not wrap.</summary>
    public IWebDriver Driver => _driver;

    /// <summary>Opens <paramref name="url"/>.</summary>
    public void Open(string url) => _driver.Navigate().GoToUrl(url);

    /// <summary>The element with id <paramref name="id"/>.</summary>
    public IWebElement ById(string id) => _driver.FindElement(By.Id(id));

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; on time-out the message says what was awaited and the test's
    /// screenshot is saved first, so a failure shows the page as it was.
    /// </summary>
    public void WaitUntil(Func<bool> condition, string what, string screenshotName, int seconds = 60)
    {
        var wait = new WebDriverWait(_driver, TimeSpan.FromSeconds(seconds))
        {
            PollingInterval = TimeSpan.FromMilliseconds(50),
        };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            wait.Until(_ => condition());
        }
        catch (WebDriverTimeoutException)
        {
            string shot = Screenshot(screenshotName + "-timeout");
            throw new TimeoutException($"waited {seconds} s for {what}; the page is in {shot}");
        }
    }

    /// <summary>Runs <paramref name="script"/> in the page and returns what it returns.</summary>
    public object? Script(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    /// <summary>
    /// Saves a PNG of the page as <c>screenshots/NAME.png</c> in the test output folder, the tests' artefacts, and
    /// returns its path.
    /// </summary>
    public string Screenshot(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <inheritdoc />
    public void Dispose() => _driver.Quit();

    // An environment variable overrides the search, for a machine whose Chromium lives elsewhere.
    private static string Find(string variable, string name)
    {
        string? given = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(given))
            return File.Exists(given)
                ? given
                : throw new FileNotFoundException($"{variable}={given} names no file; {InstallHint}");
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        foreach (string directory in new[] { "/usr/bin" }.Concat(path).Where(d => d.Length > 0))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            $"'{name}' is neither in /usr/bin nor on PATH (nor given by {variable}); {InstallHint}"
        );
    }
}
