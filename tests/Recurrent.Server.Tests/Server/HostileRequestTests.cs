using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Recurrent.Tests.Server;

/// <summary>
/// Hundreds of malformed and hostile requests (truncated JSON, huge numbers, NaN, deep nesting, wrong types and
/// content types, path traversal in names and URLs, oversized and non-UTF-8 bodies, broken .ts and CSV files): each
/// must get a 4xx, and the server must still be healthy and generating afterwards.
/// </summary>
public sealed class HostileRequestTests : IDisposable
{
    private static readonly (string Path, string Body)[] ValidRequests =
    [
        (
            "/v1/text/generate",
            """
            {"model": "text", "prime": "the ", "length": 5, "temperature": 0.9, "top_k": 3, "top_p": 0.9, "seed": 1,
             "stream": false}
            """
        ),
        ("/v1/classify", """{"model": "gestures", "series": [[0.1, 2.0], [0.5, -1.0]]}"""),
        (
            "/v1/forecast",
            """
            {"model": "airline", "history": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "samples": 3, "quantiles": [0.5],
             "paths": 1, "seed": 2}
            """
        ),
        ("/v1/draw", """{"model": "letters", "text": "ab", "bias": 1.0, "temperature": 1.0, "seed": 3}"""),
    ];

    private static readonly string[] HostileValues =
    [
        "1e309", "-1e400", "99999999999999999999999", "-99999999999999999999999", "NaN", "Infinity", "-Infinity",
        "\"NaN\"", "\"1\"", "true", "null", "[]", "{}", "[[[[1]]]]", "\"\"", "\"\\u0000\"", "0.5e-400", "-0", "1.5",
        "-1", "4294967296", "18446744073709551616", "\"" + new string('x', 5000) + "\"",
    ];

    private static readonly string[] HostileNames =
    [
        "../text", "..\\text", "/etc/passwd", "text/../text", "..%2ftext", "%2e%2e%2ftext", "text\u0000", "",
        " text", "TEXT", "text.safetensors", "text/best.safetensors", "/tmp", "~", ".", "..", "notes", "notes.txt",
        new string('a', 10_000), "\u202etxet", "C:\\Windows\\win.ini", "file:///etc/passwd",
    ];

    private const string Json = "application/json";

    private static readonly string[] OtherContentTypes =
    [
        "text/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "image/png",
    ];

    private static readonly string[] BrokenCsv =
    [
        "", "x,y\n", "x,y\n1\n", "x,y\n1,2,3\n", "x;y\n1;abc\n", "\"x\n1\n", "x,x\n1,2\n", ",\n,\n",
    ];

    private static readonly string[] HostileQueries =
        ["", "?model=", "?model=../gestures", "?model=text", "?model=gestures&model=text"];

    private static readonly string[] HostileUrls =
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/v1/models/../../x",
        "/wwwroot/../Recurrent.Server.dll",
        "/v1/text/generate/../../../etc/passwd",
        "/index.html%00.txt",
    ];

    private readonly ServedModels _models = new();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose() => _models.Dispose();

    public static IEnumerable<(string Method, string Path, string? ContentType, byte[] Body)> Cases()
    {
        foreach (var (path, body) in ValidRequests)
        {
            // Every proper prefix of a valid body is truncated JSON.
            for (int length = 0; length < body.Length; length += Math.Max(1, body.Length / 40))
                yield return ("POST", path, "application/json", Encoding.UTF8.GetBytes(body[..length]));
            foreach (string field in FieldsOf(body))
                foreach (string value in HostileValues)
                    yield return ("POST", path, Json, Encoding.UTF8.GetBytes(Replace(body, field, value)));
            foreach (string name in HostileNames)
                yield return (
                    "POST",
                    path,
                    "application/json",
                    Encoding.UTF8.GetBytes(Replace(body, "model", System.Text.Json.JsonSerializer.Serialize(name)))
                );
            foreach (string type in OtherContentTypes)
                yield return ("POST", path, type, Encoding.UTF8.GetBytes(body));
            yield return ("POST", path, null, Encoding.UTF8.GetBytes(body));
            yield return ("POST", path, "application/json", Encoding.UTF8.GetBytes(new string('[', 100_000)));
            yield return ("POST", path, "application/json", Encoding.UTF8.GetBytes(Nested(200)));
            yield return ("POST", path, Json, Utf8(body.Replace("{", "{\"model\": 1, ", StringComparison.Ordinal)));
            yield return ("POST", path, "application/json", Encoding.UTF8.GetBytes(body + body));
            yield return ("POST", path, "application/json", Encoding.UTF8.GetBytes("[" + body + "]"));
            yield return ("POST", path, Json, Utf8(body.Replace("}", ", \"extra\": 1}", StringComparison.Ordinal)));
            yield return ("POST", path, "application/json", [0xFF, 0xFE, 0x7B, 0x00, 0xC3, 0x28, 0x7D]);
            yield return ("POST", path, "application/json", new byte[2 << 20]);
            yield return ("GET", path, null, []);
            yield return ("PUT", path, "application/json", Encoding.UTF8.GetBytes(body));
        }
        foreach (string ts in new[]
        {
            "", "@data\n", "@problemName x\n@data\n1,2:3\n", "@dimensions 2\n@data\n1,2:3,4:5,6\n", "@data\nabc:def\n",
            "@univariate true\n@data\n1,2,3:a\n",
            "@data\n" + new string(':', 10_000),
            "@classLabel true\n@data\n1,2:1,2\n",
            "\0\0\0\0", "@dimensions 99999999999999\n@data\n1:2\n",
        })
            yield return ("POST", "/v1/classify?model=gestures", "text/plain", Encoding.UTF8.GetBytes(ts));
        foreach (string csv in BrokenCsv)
            yield return ("POST", "/v1/classify?model=gestures", "text/csv", Encoding.UTF8.GetBytes(csv));
        foreach (string query in HostileQueries)
            yield return ("POST", "/v1/classify" + query, "text/plain", Encoding.UTF8.GetBytes("@data\n1,2:3,4\n"));
        foreach (string url in HostileUrls)
            yield return ("GET", url, null, []);
    }

    private static IEnumerable<string> FieldsOf(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).ToArray();

    private static string Replace(string body, string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        var text = new StringBuilder("{");
        foreach (var (name, existing) in node)
        {
            if (text.Length > 1)
                text.Append(", ");
            text.Append(System.Text.Json.JsonSerializer.Serialize(name)).Append(": ");
            text.Append(name == field ? value : existing!.ToJsonString());
        }
        return text.Append('}').ToString();
    }

    private static string Nested(int depth) =>
        "{\"model\": " + string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth + 1);

    [Fact]
    public async Task EveryHostileRequestGetsA4xxAndTheServerStaysHealthy()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        var cases = Cases().ToArray();
        Assert.True(cases.Length > 500, $"only {cases.Length} cases");
        var failures = new List<string>();
        foreach (var (method, path, type, body) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = new ByteArrayContent(body);
                if (type is not null)
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
            HttpResponseMessage response;
            try
            {
                response = await server.Client.SendAsync(request);
            }
            catch (HttpRequestException) when (body.Length > 1 << 20)
            {
                // Kestrel answers 413 to an oversized body and may close the connection while the client still sends.
                continue;
            }
            using var answered = response;
            int status = (int)response.StatusCode;
            // A hostile value can also be a valid one (1.5 as a temperature): it must then be answered properly.
            if (status is < 400 or >= 500 && !(status == 200 && method == "POST"))
            {
                string shown = Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 120)];
                failures.Add($"{method} {path} [{type}] {shown} -> {status}");
            }
            // Kestrel itself refuses a few requests (a NUL in the path) before the application sees them, with no
            // body.
            else if (
                status >= 400
                && response.Content.Headers.ContentLength != 0
                && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
            )
                failures.Add($"{method} {path} -> {status} without a problem body");
        }
        Assert.True(
            failures.Count == 0,
            string.Join("\n", failures.Take(30)) + $"\n({failures.Count} of {cases.Length})"
        );

        using var health = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        string text = await ServerSentEvents.GenerateAsync(server.Client, """{"model": "text", "length": 25}""");
        Assert.Equal(25, text.Length);
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.DoesNotContain("status=\"500\"", metrics, StringComparison.Ordinal);
    }
}
