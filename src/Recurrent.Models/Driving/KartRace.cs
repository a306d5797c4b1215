namespace Recurrent.Models.Driving;

/// <summary>
/// The kart game: one kart on a <see cref="RaceTrack"/>, advanced by <see cref="Step"/> in fixed time steps of
/// 50 ms with the buttons held during that step. The physics is simple and fully deterministic: the throttle pushes
/// towards a top speed, the brake slows hard, the kart turns at a rate that tyre grip limits (v * yaw rate never
/// exceeds the grip, so fast corners need braking first), and grass slows the kart to a crawl. A lap counts when
/// the kart passes every checkpoint in order on the asphalt and crosses the finish line, each lap within
/// <see cref="LapTimeLimit"/>.
/// </summary>
public sealed class KartRace
{
    /// <summary>The duration of one step in seconds.</summary>
    public const float TimeStep = 0.05f;

    /// <summary>The top speed on asphalt, m/s.</summary>
    public const float MaxSpeed = 28f;

    /// <summary>The speed the grass slows the kart to, m/s.</summary>
    public const float GrassSpeed = 7f;

    /// <summary>The lateral acceleration the tyres can hold, m/s^2.</summary>
    public const float Grip = 14f;

    /// <summary>The braking deceleration, m/s^2.</summary>
    public const float BrakeDeceleration = 22f;

    /// <summary>The tightest turning radius at low speed, in metres.</summary>
    public const float MinimumTurnRadius = 5f;

    private const float EngineAcceleration = 10f;
    private const float RollingDeceleration = 2f;
    private const float GrassDeceleration = 14f;
    private const float ScrubDeceleration = 1.5f;
    private const int CheckpointWindow = 15;
    private readonly List<float> _lapTimes = [];
    private int _lapStartStep;

    /// <summary>
    /// Puts a kart on <paramref name="track"/> at centre-line point <paramref name="index"/>, offset sideways and
    /// turned from the direction of travel.
    /// </summary>
    public KartRace(RaceTrack track, int index = 0, float lateral = 0, float headingOffset = 0, float speed = 0)
    {
        ArgumentNullException.ThrowIfNull(track);
        Track = track;
        index = ((index % track.Count) + track.Count) % track.Count;
        float h = track.Heading[index];
        X = track.X[index] - MathF.Sin(h) * lateral;
        Y = track.Y[index] + MathF.Cos(h) * lateral;
        Heading = h + headingOffset;
        Speed = speed;
        (NearestIndex, Lateral) = track.Nearest(X, Y);
        // A kart put down part-way round starts its lap at the next checkpoint, as if it had passed the earlier ones.
        NextCheckpoint = 1;
        while (NextCheckpoint < RaceTrack.CheckpointCount && track.CheckpointIndex(NextCheckpoint) <= index)
            NextCheckpoint++;
        LapTimeLimit = 5f + track.Length / 12f;
    }

    /// <summary>The track.</summary>
    public RaceTrack Track { get; }

    /// <summary>The kart's x position in metres.</summary>
    public float X { get; private set; }

    /// <summary>The kart's y position in metres.</summary>
    public float Y { get; private set; }

    /// <summary>The direction the kart points, in radians.</summary>
    public float Heading { get; private set; }

    /// <summary>The kart's speed, m/s (never negative: the kart has no reverse).</summary>
    public float Speed { get; private set; }

    /// <summary>The centre-line point nearest to the kart.</summary>
    public int NearestIndex { get; private set; }

    /// <summary>The kart's signed distance from the centre line, positive to the left.</summary>
    public float Lateral { get; private set; }

    /// <summary>Whether the kart is on the asphalt.</summary>
    public bool OnTrack => RaceTrack.IsOnTrack(Lateral);

    /// <summary>The number of steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>The checkpoint to pass next; <see cref="RaceTrack.CheckpointCount"/> means the finish line.</summary>
    public int NextCheckpoint { get; private set; }

    /// <summary>The times of the laps completed so far, in seconds.</summary>
    public IReadOnlyList<float> LapTimes => _lapTimes;

    /// <summary>The number of laps completed.</summary>
    public int LapsCompleted => _lapTimes.Count;

    /// <summary>The time allowed for one lap: 5 s plus a second for every 12 m of track.</summary>
    public float LapTimeLimit { get; }

    /// <summary>The time spent on the current lap so far.</summary>
    public float CurrentLapTime => (Steps - _lapStartStep) * TimeStep;

    /// <summary>Whether the current lap has run past the time limit.</summary>
    public bool LapTimedOut => CurrentLapTime > LapTimeLimit;

    /// <summary>
    /// Advances the game by one time step with <paramref name="buttons"/> held. Returns true when this step
    /// completed a lap.
    /// </summary>
    public bool Step(KartButtons buttons)
    {
        float v = Speed;
        if ((buttons & KartButtons.Brake) != 0)
            v -= BrakeDeceleration * TimeStep;
        else if ((buttons & KartButtons.Accelerate) != 0)
            v += EngineAcceleration * (1 - v / MaxSpeed) * TimeStep;
        else
            v -= RollingDeceleration * TimeStep;
        if (!OnTrack && v > GrassSpeed)
            v = MathF.Max(GrassSpeed, v - GrassDeceleration * TimeStep);

        float steer = ((buttons & KartButtons.Left) != 0 ? 1 : 0) - ((buttons & KartButtons.Right) != 0 ? 1 : 0);
        float yawRate = steer * MaxYawRate(MathF.Max(v, 0));
        // Turning at the limit of grip scrubs speed off.
        if (steer != 0 && v * v > Grip * MinimumTurnRadius)
            v -= ScrubDeceleration * TimeStep;
        v = MathF.Max(v, 0);

        Heading = RaceTrack.WrapAngle(Heading + yawRate * TimeStep);
        X += v * MathF.Cos(Heading) * TimeStep;
        Y += v * MathF.Sin(Heading) * TimeStep;
        Speed = v;
        Steps++;
        (NearestIndex, Lateral) = Track.Nearest(X, Y);
        return PassCheckpoints();
    }

    /// <summary>
    /// The fastest the kart can turn at speed <paramref name="speed"/>: the steering lock at low speed, the grip above.
    /// </summary>
    public static float MaxYawRate(float speed) => MathF.Min(speed / MinimumTurnRadius, Grip / MathF.Max(speed, 0.1f));

    private bool PassCheckpoints()
    {
        if (!RaceTrack.IsOnTrack(Lateral * 0.8f))
            return false;
        int target = Track.CheckpointIndex(NextCheckpoint % RaceTrack.CheckpointCount);
        int ahead = ((NearestIndex - target) % Track.Count + Track.Count) % Track.Count;
        if (ahead >= CheckpointWindow)
            return false;
        if (NextCheckpoint < RaceTrack.CheckpointCount)
        {
            NextCheckpoint++;
            return false;
        }
        _lapTimes.Add((Steps - _lapStartStep) * TimeStep);
        _lapStartStep = Steps;
        NextCheckpoint = 1;
        return true;
    }
}
