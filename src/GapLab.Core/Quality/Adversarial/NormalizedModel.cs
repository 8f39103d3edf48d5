using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>
/// Wraps a classifier that expects mean/std-normalised input so that it takes pixel-space images in [0,1]:
/// forward(x) = inner((x - mean_c) / std_c). Attacks and corruptions then act in pixel space (spec 5.1(2), "correct" path).
/// </summary>
public sealed class NormalizedModel : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> _inner;
    readonly Tensor _mean;
    readonly Tensor _std;

    public NormalizedModel(Module<Tensor, Tensor> inner, double[] mean, double[] std) : base(nameof(NormalizedModel))
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"mean ({mean.Length} values) and std ({std.Length} values) must have one value per channel, same length, at least one.");
        foreach (var s in std)
            if (!(s > 0) || !double.IsFinite(s)) throw new ArgumentException($"std values must be positive and finite; got {s}.", nameof(std));
        foreach (var m in mean)
            if (!double.IsFinite(m)) throw new ArgumentException($"mean values must be finite; got {m}.", nameof(mean));
        Mean = (double[])mean.Clone();
        Std = (double[])std.Clone();
        _inner = inner;
        // the buffers live where the wrapped model lives (model.to(device) moves them later like any buffer)
        var device = inner.parameters().FirstOrDefault()?.device ?? CPU;
        _mean = tensor(mean.Select(v => (float)v).ToArray(), new long[] { 1, mean.Length, 1, 1 }, device: device);
        _std = tensor(std.Select(v => (float)v).ToArray(), new long[] { 1, std.Length, 1, 1 }, device: device);
        register_module("inner", _inner);
        register_buffer("mean", _mean);
        register_buffer("std", _std);
    }

    public double[] Mean { get; }
    public double[] Std { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Mean.Length)
            throw new ArgumentException($"NormalizedModel expects images [N,{Mean.Length},H,W]; got shape [{string.Join(",", input.shape)}].");
        using var scope = NewDisposeScope();
        var mean = get_buffer("mean")!.to(input.dtype, input.device);
        var std = get_buffer("std")!.to(input.dtype, input.device);
        return _inner.call((input - mean) / std).MoveToOuterDisposeScope();
    }
}
