using System.Diagnostics.CodeAnalysis;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Whether this build of the tool can run <c>recurrent serve</c>. The server's minimal APIs and JSON bind by
/// reflection, which native AOT cannot compile, so the native binary is published with this switch off: the server is
/// trimmed away and <c>serve</c> says why it cannot run.
/// </summary>
internal static class HttpServing
{
    /// <summary>The AppContext switch; the project file turns it off when it publishes with native AOT.</summary>
    public const string SwitchName = "Recurrent.Cli.HttpServing.IsSupported";

    /// <summary>True unless the switch is off; the AOT compiler folds it to a constant and drops the code it guards.
    /// </summary>
    [FeatureSwitchDefinition(SwitchName)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SwitchName, out bool enabled) || enabled;
}
