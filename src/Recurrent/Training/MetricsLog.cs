using Recurrent.IO;
using System.Text;
using System.Text.Json;

namespace Recurrent.Training;

/// <summary>
/// The metrics of a run as JSON lines (<c>metrics.jsonl</c> next to the checkpoints): one object per logged step
/// (<c>{"kind":"train","step":..,"epoch":..,"loss":..,"lr":..,"grad_norm":..,"items_per_s":..}</c>) and per evaluation
/// (<c>{"kind":"val","step":..,"val_loss":..}</c>). A resumed run first drops the lines after the checkpoint's step,
/// so the file describes one consistent history.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;

    private MetricsLog(string path) => _path = path;

    /// <summary>The path of the file.</summary>
    public string FilePath => _path;

    /// <summary>
    /// Opens the log at <paramref name="path"/>, keeping only the lines whose step is at most
    /// <paramref name="keepUpToStep"/> (0 starts an empty file). The trimmed file is written atomically.
    /// </summary>
    public static MetricsLog Open(string path, long keepUpToStep)
    {
        var kept = new StringBuilder();
        if (keepUpToStep > 0 && File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (StepOf(line) is { } step && step <= keepUpToStep)
                    kept.Append(line).Append('\n');
        AtomicFile.WriteAllText(path, kept.ToString());
        return new MetricsLog(path);
    }

    /// <summary>
    /// Appends one line holding <paramref name="fields"/> in order (numbers as numbers, non-finite ones as null).
    /// </summary>
    public void Append(params (string Key, object? Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in fields)
            {
                switch (value)
                {
                    case null:
                        json.WriteNull(key);
                        break;
                    case string s:
                        json.WriteString(key, s);
                        break;
                    case long l:
                        json.WriteNumber(key, l);
                        break;
                    case int i:
                        json.WriteNumber(key, i);
                        break;
                    case double d when double.IsFinite(d):
                        json.WriteNumber(key, d);
                        break;
                    case double:
                        json.WriteNull(key);
                        break;
                    default:
                        json.WriteString(
                            key,
                            Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
                        );
                        break;
                }
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Reads every line of a metrics file as (kind, step, value): the loss of train lines, the validation loss of val
    /// lines.
    /// </summary>
    public static IReadOnlyList<(string Kind, long Step, double Value)> ReadLosses(string path)
    {
        var result = new List<(string, long, double)>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                string kind = root.GetProperty("kind").GetString() ?? "";
                long step = root.GetProperty("step").GetInt64();
                string key = kind == "val" ? "val_loss" : "loss";
                if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
                    result.Add((kind, step, v.GetDouble()));
            }
            catch (Exception e)
                when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A line cut short by a crash carries nothing to plot; the rest of the file is still good.
            }
        }
        return result;
    }

    private static long? StepOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("step", out var s) && s.TryGetInt64(out long step) ? step : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
