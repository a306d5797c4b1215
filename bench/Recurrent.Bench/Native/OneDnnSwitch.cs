using System.Runtime.InteropServices;

namespace Recurrent.Bench.Native;

/// <summary>
/// Turns libtorch's oneDNN (MKL-DNN) kernels on or off, as PyTorch's <c>torch.backends.mkldnn.enabled</c> does.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 has no binding for this flag (its native layer exports no <c>at::Context</c> setter for it), so
/// this calls libtorch's own exported C++ functions <c>at::globalContext()</c> and
/// <c>at::Context::setUserEnabledMkldnn(bool)</c> by their mangled names; a non-virtual member function takes
/// <c>this</c> as its first argument in the x86-64 System V ABI. The library is the libtorch_cpu.so that TorchSharp
/// already loaded, found in <c>/proc/self/maps</c>, so both share one global context.
/// </remarks>
internal static unsafe class OneDnnSwitch
{
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetUserEnabled = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string UserEnabled = "_ZNK2at7Context17userEnabledMkldnnEv";

    /// <summary>Sets the flag and returns its value read back from libtorch.</summary>
    /// <exception cref="InvalidOperationException">TorchSharp has not loaded libtorch_cpu.so yet.</exception>
    public static bool SetEnabled(bool enabled)
    {
        var library = NativeLibrary.Load(LoadedLibTorchCpu());
        var context = ((delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, GlobalContext))();
        ((delegate* unmanaged<IntPtr, byte, void>)NativeLibrary.GetExport(library, SetUserEnabled))(
            context,
            enabled ? (byte)1 : (byte)0
        );
        return ((delegate* unmanaged<IntPtr, byte>)NativeLibrary.GetExport(library, UserEnabled))(context) != 0;
    }

    private static string LoadedLibTorchCpu()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal))
                return line[slash..];
        }
        throw new InvalidOperationException(
            "libtorch_cpu.so is not loaded; create a TorchSharp tensor before switching oneDNN."
        );
    }
}
