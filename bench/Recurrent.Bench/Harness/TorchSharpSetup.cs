using Recurrent.Bench.Native;
using TorchSharp;

namespace Recurrent.Bench.Harness;

/// <summary>
/// Prepares TorchSharp in a worker: the native library patched for this OS, the thread count, and oneDNN when the
/// configuration fixes it. Kept apart from <see cref="Worker"/> so that a worker for our side never loads libtorch.
/// </summary>
internal static class TorchSharpSetup
{
    /// <summary>
    /// Loads libtorch with <paramref name="threads"/> intra-op threads; sets oneDNN when <paramref name="oneDnn"/> is
    /// given.
    /// </summary>
    public static void Configure(int threads, bool? oneDnn)
    {
        LibTorchSharpCompatibility.EnsurePatched(AppContext.BaseDirectory);
        torch.set_num_threads(threads);
        torch.manual_seed(20261127);
        if (oneDnn is { } enabled && OneDnnSwitch.SetEnabled(enabled) != enabled)
            throw new InvalidOperationException($"libtorch did not accept oneDNN {(enabled ? "on" : "off")}.");
    }
}
