using System.Runtime.InteropServices;

namespace GapLab.Runtime.SelfCheck;

/// <summary>
/// libtorch's process-wide backend switches (<c>at::globalContext()</c>): whether ATen may use oneDNN (mkldnn) and NNPACK for
/// convolutions, as PyTorch's <c>torch.backends.mkldnn.enabled</c> / <c>torch.backends.nnpack.enabled</c> set them. TorchSharp
/// does not expose these, so they are called through libtorch_cpu's exported C++ symbols (Itanium ABI: Linux and macOS).
/// </summary>
public static class LibTorchContext
{
    const string GlobalContext = "_ZN2at13globalContextEv";
    const string SetMkldnn = "_ZN2at7Context20setUserEnabledMkldnnEb";
    const string GetMkldnn = "_ZNK2at7Context17userEnabledMkldnnEv";
    const string SetNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb";
    const string GetNnpack = "_ZNK2at7Context17userEnabledNNPACKEv";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate IntPtr ContextFn();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate void SetFn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool value);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.U1)] delegate bool GetFn(IntPtr context);

    static readonly Lazy<Api?> Functions = new(Bind);

    sealed record Api(ContextFn Context, SetFn SetMkldnn, GetFn GetMkldnn, SetFn SetNnpack, GetFn GetNnpack);

    /// <summary>True when this libtorch's backend switches could be found (false on Windows or an unusual build).</summary>
    public static bool Available => Functions.Value is not null;

    /// <summary>Whether ATen may use oneDNN (PyTorch: <c>torch.backends.mkldnn.enabled</c>); null when the switch is unavailable.</summary>
    public static bool? OneDnnEnabled
    {
        get => Functions.Value is { } f ? f.GetMkldnn(f.Context()) : null;
        set { if (value is { } v) Require().SetMkldnn(Require().Context(), v); }
    }

    /// <summary>Whether ATen may use NNPACK (PyTorch: <c>torch.backends.nnpack.enabled</c>); null when the switch is unavailable.</summary>
    public static bool? NnpackEnabled
    {
        get => Functions.Value is { } f ? f.GetNnpack(f.Context()) : null;
        set { if (value is { } v) Require().SetNnpack(Require().Context(), v); }
    }

    static Api Require() => Functions.Value ?? throw new TorchRuntimeException(
        "This libtorch does not export at::Context's backend switches (setUserEnabledMkldnn); GapLab cannot change the convolution backend here.");

    static Api? Bind()
    {
        TorchRuntime.EnsureLoaded();
        if (OperatingSystem.IsWindows()) return null;
        string library = TorchRuntime.LibTorchDirectory is { } dir ? Path.Combine(dir, "libtorch_cpu.so") : "libtorch_cpu.so";
        if (!NativeLibrary.TryLoad(library, out var handle) && !NativeLibrary.TryLoad("libtorch_cpu.so", out handle)) return null;
        T? Get<T>(string name) where T : Delegate =>
            NativeLibrary.TryGetExport(handle, name, out var p) ? Marshal.GetDelegateForFunctionPointer<T>(p) : null;
        var context = Get<ContextFn>(GlobalContext);
        var setMkldnn = Get<SetFn>(SetMkldnn);
        var getMkldnn = Get<GetFn>(GetMkldnn);
        var setNnpack = Get<SetFn>(SetNnpack);
        var getNnpack = Get<GetFn>(GetNnpack);
        return context is null || setMkldnn is null || getMkldnn is null || setNnpack is null || getNnpack is null
            ? null
            : new Api(context, setMkldnn, getMkldnn, setNnpack, getNnpack);
    }
}
