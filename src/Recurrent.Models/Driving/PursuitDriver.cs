namespace Recurrent.Models.Driving;

/// <summary>
/// The expert: a driver that knows the true geometry. It steers by pure pursuit (towards the centre-line point a
/// speed-dependent distance ahead, pressing left or right when the arc there needs more than a third of the turn
/// the tyres allow) and picks its speed from the corners ahead (the fastest speed from which it could still brake
/// to the grip limit of every corner in the next 60 m).
/// </summary>
public static class PursuitDriver
{
    private const float SteerThreshold = 0.3f;
    private const float CornerGripShare = 0.75f;
    private const float BrakingShare = 0.6f;
    private const float LookAheadHorizon = 60f;

    /// <summary>The buttons the expert presses in the current state of <paramref name="race"/>.</summary>
    public static KartButtons Decide(KartRace race)
    {
        ArgumentNullException.ThrowIfNull(race);
        var track = race.Track;
        int n = track.Count;
        float v = race.Speed;
        var buttons = KartButtons.None;

        float lookAhead = 4f + 0.35f * v;
        int target = (race.NearestIndex + (int)MathF.Round(lookAhead / track.Spacing)) % n;
        float dx = track.X[target] - race.X,
            dy = track.Y[target] - race.Y;
        float left = -MathF.Sin(race.Heading) * dx + MathF.Cos(race.Heading) * dy;
        float curvature = 2 * left / MathF.Max(dx * dx + dy * dy, 1e-3f);
        float demand = MathF.Max(v, 1f) * curvature / KartRace.MaxYawRate(MathF.Max(v, 1f));
        if (demand > SteerThreshold)
            buttons |= KartButtons.Left;
        else if (demand < -SteerThreshold)
            buttons |= KartButtons.Right;

        float targetSpeed = race.OnTrack ? KartRace.MaxSpeed : KartRace.GrassSpeed;
        int horizon = (int)(LookAheadHorizon / track.Spacing);
        for (int d = 0; d < horizon; d++)
        {
            float k = MathF.Abs(track.Curvature[(race.NearestIndex + d) % n]);
            float cornerSpeed = MathF.Sqrt(CornerGripShare * KartRace.Grip / MathF.Max(k, 1e-4f));
            float reachable = MathF.Sqrt(
                cornerSpeed * cornerSpeed + 2 * BrakingShare * KartRace.BrakeDeceleration * d * track.Spacing
            );
            targetSpeed = MathF.Min(targetSpeed, reachable);
        }
        if (v < targetSpeed - 0.3f)
            buttons |= KartButtons.Accelerate;
        else if (v > targetSpeed + 1f)
            buttons |= KartButtons.Brake;
        return buttons;
    }
}
