using System.Diagnostics.CodeAnalysis;

namespace Recurrent.Cli.Driving;

/// <summary>
/// Whether this build of the tool can write animated GIFs. They are encoded with SixLabors.ImageSharp 2.1, which is
/// neither trimmable nor native-AOT compatible (the AOT compiler reports IL2104 and IL3053 for it), so the native
/// binary is published with this switch off: the encoder is trimmed away and <c>drive play</c> says why it cannot run.
/// </summary>
internal static class GifEncoding
{
    /// <summary>The AppContext switch; the project file turns it off when it publishes with native AOT.</summary>
    public const string SwitchName = "Recurrent.Cli.GifEncoding.IsSupported";

    /// <summary>True unless the switch is off; the AOT compiler folds it to a constant and drops the code it guards.
    /// </summary>
    [FeatureSwitchDefinition(SwitchName)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SwitchName, out bool enabled) || enabled;
}
