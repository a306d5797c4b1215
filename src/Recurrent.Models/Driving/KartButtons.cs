namespace Recurrent.Models.Driving;

/// <summary>The four buttons of the kart, any of which may be held at once (a multi-hot action).</summary>
[Flags]
public enum KartButtons
{
    /// <summary>No button held: the kart coasts straight on.</summary>
    None = 0,

    /// <summary>Throttle.</summary>
    Accelerate = 1,

    /// <summary>Brake (wins over <see cref="Accelerate"/> when both are held).</summary>
    Brake = 2,

    /// <summary>Steer left (counter-clockwise).</summary>
    Left = 4,

    /// <summary>Steer right (clockwise).</summary>
    Right = 8,
}

/// <summary>Conversions between <see cref="KartButtons"/> and the network's per-button targets.</summary>
public static class KartButtonSet
{
    /// <summary>The number of buttons, the width of the controller's output.</summary>
    public const int Count = 4;

    /// <summary>The buttons in output order: accelerate, brake, left, right.</summary>
    public static IReadOnlyList<KartButtons> Order { get; } =
    [KartButtons.Accelerate, KartButtons.Brake, KartButtons.Left, KartButtons.Right];

    /// <summary>
    /// Writes 1 for each held button and 0 for the others into <paramref name="targets"/> (length <see cref="Count"/>).
    /// </summary>
    public static void ToTargets(KartButtons buttons, Span<float> targets)
    {
        for (int i = 0; i < Count; i++)
            targets[i] = (buttons & Order[i]) != 0 ? 1f : 0f;
    }

    /// <summary>The buttons whose logit is positive (probability above one half).</summary>
    public static KartButtons FromLogits(ReadOnlySpan<float> logits)
    {
        var buttons = KartButtons.None;
        for (int i = 0; i < Count; i++)
            if (logits[i] > 0f)
                buttons |= Order[i];
        return buttons;
    }
}
