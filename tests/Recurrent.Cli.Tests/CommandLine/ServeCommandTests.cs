using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.CommandLine;

/// <summary>
/// <c>recurrent serve</c> maps its options to the server's and reports bad ones in a line (the server itself is tested
/// in Recurrent.Server.Tests).
/// </summary>
public class ServeCommandTests
{
    [Fact]
    public void AMissingModelsDirectoryIsAUserError()
    {
        string missing = Path.Combine(Path.GetTempPath(), "recurrent-no-such-" + Guid.NewGuid().ToString("N"));
        var (code, _, error) = Invoke("serve", "--models", missing);
        Assert.Equal(1, code);
        Assert.Contains($"The models directory '{missing}' does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostNameOtherThanLocalhostIsAUserError()
    {
        var (code, _, error) = Invoke("serve", "--models", Path.GetTempPath(), "--host", "example.com");
        Assert.Equal(1, code);
        Assert.Contains("--host must be localhost, an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelsOptionIsRequired()
    {
        var (code, _, error) = Invoke("serve");
        Assert.NotEqual(0, code);
        Assert.Contains("--models", error, StringComparison.Ordinal);
    }
}
