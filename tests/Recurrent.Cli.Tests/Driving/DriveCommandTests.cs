using Recurrent.Tests.Data;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Driving;

public sealed class DriveCommandTests
{
    [Fact]
    public void RecordTrainEvaluatePlayAndExport()
    {
        using var directory = new TemporaryDirectory();
        string recording = Path.Combine(directory.Path, "expert.driving");
        var (code, output, error) = Invoke(
            "drive",
            "record",
            "--episodes",
            "3",
            "--episode-steps",
            "20",
            "--recording",
            recording
        );
        Assert.True(code == 0, error);
        Assert.Contains("frames=60", output);
        Assert.Contains("record_steps_per_second=", output);

        (code, output, error) = Invoke(
            "drive",
            "train",
            "--recording",
            recording,
            "--out",
            directory.Path,
            "--encoder",
            "8",
            "--hidden",
            "4",
            "--max-epochs",
            "1",
            "--dagger-rounds",
            "1",
            "--dagger-episodes",
            "1",
            "--epochs-per-round",
            "1",
            "--selection-tracks",
            "1",
            "--segment",
            "10"
        );
        Assert.True(code == 0, error);
        Assert.Contains("lstm_parameters=", output);
        Assert.Contains("DAgger round 1", output);
        Assert.Contains("phase 1: selection tracks 0/2 laps", output);
        Assert.True(File.Exists(Path.Combine(directory.Path, "lstm.safetensors")));
        Assert.True(File.Exists(Path.Combine(directory.Path, "ff.safetensors")));

        (code, output, error) = Invoke("drive", "eval", "--tracks", "1", "--laps", "1", "--models", directory.Path);
        Assert.True(code == 0, error);
        Assert.Contains("expert_completed_share=1", output);
        Assert.Contains("lstm_completed_share=", output);
        Assert.Contains("ff_mean_lap_seconds=", output);

        (code, output, error) = Invoke(
            "drive",
            "eval",
            "--tracks",
            "1",
            "--laps",
            "1",
            "--first-track",
            "101",
            "--drop-frames",
            "0.2",
            "--noise",
            "12",
            "--models",
            directory.Path
        );
        Assert.True(code == 0, error);
        Assert.Contains("| 101 |", output);
        Assert.Contains("first_track=101", output);
        Assert.Contains("drop_frames=0.2", output);
        Assert.Contains("noise=12", output);
        Assert.Contains("expert_completed_share=1", output);

        string gif = Path.Combine(directory.Path, "run.gif");
        (code, output, error) = Invoke(
            "drive",
            "play",
            "--model",
            Path.Combine(directory.Path, "lstm.safetensors"),
            "--track",
            "2",
            "--every",
            "40",
            "--gif",
            gif
        );
        Assert.True(code == 0, error);
        var bytes = File.ReadAllBytes(gif);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(bytes, 0, 6));

        string onnx = Path.Combine(directory.Path, "lstm.onnx");
        (code, output, error) = Invoke(
            "export",
            "--model",
            Path.Combine(directory.Path, "lstm.safetensors"),
            "--out",
            directory.Path
        );
        Assert.True(code == 0, error);
        Assert.Contains("kind=kart-controller", output);
    }

    [Fact]
    public void BadInputGivesAClearError()
    {
        using var directory = new TemporaryDirectory();
        var (code, _, error) = Invoke("drive", "train", "--recording", Path.Combine(directory.Path, "missing.driving"));
        Assert.Equal(1, code);
        Assert.Contains("drive record", error);
        (code, _, error) = Invoke("drive", "train", "--controllers", "gru");
        Assert.Equal(1, code);
        Assert.Contains("'gru' is not lstm or ff", error);
        (code, _, error) = Invoke("drive", "eval", "--drop-frames", "1", "--models", directory.Path);
        Assert.Equal(1, code);
        Assert.Contains("--drop-frames must be at least 0 and below 1", error);
        (code, _, error) = Invoke("drive", "eval", "--noise", "-3", "--models", directory.Path);
        Assert.Equal(1, code);
        Assert.Contains("--noise is in grey levels", error);
        (code, _, error) = Invoke("drive", "train", "--dagger-slip-rate", "2");
        Assert.Equal(1, code);
        Assert.Contains("--dagger-slip-rate must be between 0 and 1", error);
    }
}
