namespace Recurrent.Tests.Packaging;

/// <summary>
/// Tests that pack and build in child processes run alone: those builds take every core for a minute, which would
/// make the tests elsewhere that hold a training run to a budget of a few seconds fail for want of time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChildBuildsCollection
{
    public const string Name = "Child builds";
}
