using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The previous release's name of an option, kept for one release: hidden from help, it parses as before and its
/// value becomes the current option's, so <c>parse.GetValue(current)</c> sees it. Giving both names is an error.
/// Add it to the same command as the current option (<see cref="OldSpellings"/> reads it back from there).
/// </summary>
public sealed class OldSpelling<T> : Option<T>, IOldSpelling
{
    /// <summary>Creates the old spelling <paramref name="oldName"/> of <paramref name="current"/>.</summary>
    public OldSpelling(Option<T> current, string oldName)
        : base(oldName)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        Hidden = true;
        Arity = current.Arity;
        Description = $"The previous release's name of {current.Name}.";
        // The current option's default now first asks whether the old name was given.
        var fallback = current.DefaultValueFactory;
        current.DefaultValueFactory = result =>
            result.GetResult(this) is not null ? result.GetValue(this)!
            : fallback is null ? default!
            : fallback(result);
        Validators.Add(result =>
        {
            if (result.GetResult(current) is { Implicit: false })
                result.AddError(
                    $"{oldName} is the previous release's name of {current.Name}; give only {current.Name}."
                );
        });
    }

    /// <summary>The option under its current name.</summary>
    public Option<T> Current { get; }

    Option IOldSpelling.Current => Current;
}
