namespace Recurrent.Tests.Classification;

/// <summary>
/// Tests whose outcome depends on what a search gets done within a budget of a few wall-clock seconds run alone,
/// after the parallel tests of their assembly: then neither those tests nor, as they come last, the other test
/// projects (which <c>dotnet test</c> on the solution runs at the same time) take their processor time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockBudgetCollection
{
    public const string Name = "Wall-clock budgets";
}
