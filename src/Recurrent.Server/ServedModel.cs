namespace Recurrent.Server;

/// <summary>One model of the models directory, loaded once, with what <c>GET /v1/models</c> says about it.</summary>
internal abstract class ServedModel(string name, string kind, IReadOnlyDictionary<string, string> config)
{
    /// <summary>The name a request uses: the file or directory name in the models directory.</summary>
    public string Name { get; } = name;

    /// <summary>The checkpoint's model kind (its <c>model</c> metadata key), such as <c>char-lm</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>The checkpoint's configuration metadata (the training state left out).</summary>
    public IReadOnlyDictionary<string, string> Config { get; } = config;

    /// <summary>The endpoint that serves this model.</summary>
    public abstract string Endpoint { get; }

    public ModelDescription Describe() => new(Name, Kind, Endpoint, Config);
}
