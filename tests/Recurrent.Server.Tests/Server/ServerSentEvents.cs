using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Recurrent.Tests.Server;

/// <summary>
/// Reads the server-sent events of <c>POST /v1/text/generate</c>: the text pieces and the done event.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>Posts <paramref name="json"/> to <paramref name="path"/>.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(
        HttpClient client,
        string path,
        string json,
        CancellationToken cancellation = default
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
    }

    /// <summary>The concatenated text of every data event and the done event's data.</summary>
    public static async Task<(string Text, JsonElement Done, int Events)> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        string? eventName = null;
        int events = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                eventName = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                if (eventName == "done")
                    return (text.ToString(), data.RootElement.Clone(), events);
                text.Append(data.RootElement.GetProperty("text").GetString());
                events++;
            }
            else if (line.Length == 0)
                eventName = null;
        }
        throw new InvalidDataException($"The stream ended without a done event after '{text}'.");
    }

    /// <summary>The <c>detail</c> of a ProblemDetails answer.</summary>
    public static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }

    /// <summary>Generates with <paramref name="json"/> and returns the streamed text.</summary>
    public static async Task<string> GenerateAsync(HttpClient client, string json)
    {
        using var response = await PostJsonAsync(client, "/v1/text/generate", json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await ReadAsync(response)).Text;
    }
}
