namespace Recurrent.Tests.Browser;

/// <summary>Where the page's files are in the checkout: the server serves them from its <c>wwwroot</c>.</summary>
public static class PageFiles
{
    /// <summary>The folder of index.html, app.js and app.css.</summary>
    public static string Directory => Path.Combine(DocumentedCode.Root(), "src", "Recurrent.Server", "wwwroot");

    /// <summary>index.html as a file URL, for the page opened without a server.</summary>
    public static string IndexFileUrl => new Uri(Path.Combine(Directory, "index.html")).AbsoluteUri;
}
