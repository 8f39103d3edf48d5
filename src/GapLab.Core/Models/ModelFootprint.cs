using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Models;

/// <summary>
/// What a model costs before it is built: its trainable parameters and the activations one example produces (the outputs
/// of every leaf module), the first found by building the model on libtorch's meta device (shapes only, no memory).
/// <see cref="TrainingBytes"/> turns them into an approximate float32 training footprint.
/// </summary>
public sealed record ModelFootprint(string Spec, long Parameters, long ActivationsPerExample)
{
    /// <summary>Models up to this many parameters are built on the CPU once to count their activations (larger: not counted).</summary>
    public const long CountedActivationsUpTo = 20_000_000;

    /// <summary>True when <see cref="ActivationsPerExample"/> was measured (see <see cref="CountedActivationsUpTo"/>).</summary>
    public bool ActivationsCounted => ActivationsPerExample > 0;

    /// <summary>Bytes per float32 value.</summary>
    const long Float = 4;

    /// <summary>
    /// Approximate training memory at <paramref name="batchSize"/>: 4 copies of the parameters (weights, gradients, up to two
    /// optimizer moments) plus twice the batch's activations (kept for backward, and their gradients), float32.
    /// </summary>
    public long TrainingBytes(int batchSize) => checked(Float * (4 * Parameters + 2 * ActivationsPerExample * Math.Max(1, batchSize)));

    /// <summary>Approximate inference memory at <paramref name="batchSize"/>: the parameters plus the batch's activations.</summary>
    public long InferenceBytes(int batchSize) => checked(Float * (Parameters + ActivationsPerExample * Math.Max(1, batchSize)));

    /// <summary>
    /// Counts <paramref name="spec"/> for <paramref name="input"/>: the parameters on the meta device (no memory), then, only
    /// for models of up to <see cref="CountedActivationsUpTo"/> parameters whose weights fit in <paramref name="availableBytes"/>,
    /// the activations of one example from a CPU forward pass (libtorch has no meta kernels for some layers, e.g. ReLU);
    /// otherwise the activations are not counted (0) and the estimate is the parameters' share alone, a lower bound.
    /// </summary>
    public static ModelFootprint Estimate(string spec, InputShape input, long availableBytes = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        long parameters;
        string canonical;
        var before = get_default_device();
        set_default_device(META);
        try
        {
            using var meta = ModelRegistry.Create(spec, input);
            (parameters, canonical) = (meta.ParameterCount, meta.Spec);
        }
        finally
        {
            set_default_device(before);
        }
        if (parameters > CountedActivationsUpTo || Float * 4 * parameters > availableBytes) return new ModelFootprint(canonical, parameters, 0);
        using var model = ModelRegistry.Create(spec, input);
        return new ModelFootprint(canonical, parameters, Activations(model.Module, input));
    }

    static long Activations(nn.Module<Tensor, Tensor> root, InputShape input)
    {
        long total = 0;
        var removers = new List<Action>();
        foreach (var (_, m) in root.named_modules())
            if (!m.children().Any() && m is nn.Module<Tensor, Tensor> leaf)
                removers.Add(leaf.register_forward_hook((_, _, output) => { total += output.numel(); return output; }).remove);
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            root.call(zeros([1, input.Channels, input.Height, input.Width]));
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return total;
    }
}
