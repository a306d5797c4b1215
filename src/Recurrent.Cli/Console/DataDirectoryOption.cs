using Recurrent.Data;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// <c>--data-dir</c>, the directory holding the datasets a command reads by their usual relative paths; without it,
/// <c>RECURRENT_DATA</c>, else the cache directory that downloads go to (<see cref="DatasetLocator"/>).
/// </summary>
public sealed class DataDirectoryOption
{
    /// <summary>Creates the option; <paramref name="holds"/> names what the directory holds (for the help).</summary>
    public DataDirectoryOption(string holds)
    {
        Option = new Option<string?>("--data-dir")
        {
            Description =
                $"The directory holding {holds}; default: ${DatasetLocator.DataDirectoryVariable}, else "
                + $"the cache ({DatasetLocator.DefaultCacheDirectory()}).",
        };
    }

    /// <summary><c>--data-dir</c>.</summary>
    public Option<string?> Option { get; }

    /// <summary>The directory: <c>--data-dir</c>, else <c>RECURRENT_DATA</c>, else the cache directory.</summary>
    public string Directory(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Option) is { Length: > 0 } given)
            return given;
        var fromEnvironment = Environment.GetEnvironmentVariable(DatasetLocator.DataDirectoryVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? DatasetLocator.DefaultCacheDirectory() : fromEnvironment;
    }

    /// <summary>
    /// The file at <paramref name="relativePath"/> (parts joined) in <see cref="Directory"/>; when it is not there,
    /// the error says where it looked and how to point the command at the data.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public string File(ParseResult parse, params string[] relativePath)
    {
        string path = Path.Combine([Directory(parse), .. relativePath]);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException(
                $"{path} does not exist: pass --data-dir DIR or set {DatasetLocator.DataDirectoryVariable} to the "
                    + $"directory holding {string.Join('/', relativePath)}.",
                path
            );
        return path;
    }

    /// <summary>A locator that searches <c>--data-dir</c> (else <c>RECURRENT_DATA</c>) and then the cache.</summary>
    public DatasetLocator Locator(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new DatasetLocator(parse.GetValue(Option) is { Length: > 0 } given ? given : null);
    }
}
